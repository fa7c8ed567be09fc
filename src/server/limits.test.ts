import { describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { silentLogger } from './logger.ts';
import { createS3Client, createS3Storage } from './s3-storage.ts';
import { createMemoryStorage, createTestApp, postJson, TEST_CONFIG, TEST_NOW } from './testing.ts';
import { createUserStore, userFromToken } from './users.ts';
import { TOKENS } from './testing.ts';

const put = (key: string, contentLength: number) => postJson('alice', { method: 'PUT', key, contentLength });

describe('limits', () => {
  it('refuses an object over the maximum size with 413 object_too_large, for PUT and multipart', async () => {
    const { app } = createTestApp({ config: { ...TEST_CONFIG, limits: { maxObjectSize: 100 } } });
    const single = await app.request('/v1/presign', put('a', 101));
    expect(single.status).toBe(413);
    expect(await single.json()).toMatchObject({ error: { code: 'object_too_large' } });
    expect((await app.request('/v1/presign', put('a', 100))).status).toBe(200);
    const multi = await app.request('/v1/multipart', postJson('alice', { key: 'a', size: 101, chunkSize: 1 }));
    expect(multi.status).toBe(413);
  });

  it('enforces the byte quota, counting uploads just signed', async () => {
    const limits = { maxObjectSize: 1000, quotaBytes: 100 };
    const { app, storage } = createTestApp({ config: { ...TEST_CONFIG, limits } });
    storage.objects.set('users/alice/old', { key: 'users/alice/old', size: 60, lastModified: new Date(0) });
    expect((await app.request('/v1/presign', put('a', 30))).status).toBe(200);
    const over = await app.request('/v1/presign', put('b', 11));
    expect(over.status).toBe(403);
    expect(await over.json()).toMatchObject({ error: { code: 'quota_exceeded' } });
    const bob = await app.request('/v1/presign', postJson('bob', { method: 'PUT', key: 'b', contentLength: 100 }));
    expect(bob.status).toBe(200);
  });

  it('enforces the object quota', async () => {
    const limits = { maxObjectSize: 1000, quotaObjects: 2 };
    const { app } = createTestApp({ config: { ...TEST_CONFIG, limits } });
    expect((await app.request('/v1/presign', put('a', 1))).status).toBe(200);
    expect((await app.request('/v1/presign', put('b', 1))).status).toBe(200);
    expect((await app.request('/v1/presign', put('c', 1))).status).toBe(403);
  });

  it('rate-limits per token with 429 and Retry-After, and refills with time', async () => {
    let now = TEST_NOW;
    const { app } = createTestApp({ config: { ...TEST_CONFIG, limits: { ...TEST_CONFIG.limits, rateLimit: 2 } }, clock: () => now });
    const me = (token: string) => app.request('/v1/me', { headers: { authorization: `Bearer ${token}` } });
    expect((await me(TOKENS.alice)).status).toBe(200);
    expect((await me(TOKENS.alice)).status).toBe(200);
    const limited = await me(TOKENS.alice);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('30');
    expect(limited.headers.get('access-control-expose-headers')).toBe('Retry-After');
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect((await me(TOKENS.bob)).status).toBe(200);
    expect((await app.request('/v1/health')).status).toBe(200);
    now += 30_000;
    expect((await me(TOKENS.alice)).status).toBe(200);
  });
});

describe('server-side encryption', () => {
  function sseApp(sse: { kind: 'AES256' } | { kind: 'aws:kms'; keyId: string }) {
    const client = createS3Client({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9',
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret-test' },
    });
    const signer = createS3Storage({ client, bucket: 'test-bucket', sse });
    const storage = { ...createMemoryStorage(), presign: signer.presign.bind(signer) };
    const users = createUserStore([userFromToken('alice', TOKENS.alice)]);
    return createApp({ config: TEST_CONFIG, storage, users, clock: () => TEST_NOW, logger: silentLogger });
  }

  it('signs SSE-S3 into PUT URLs as a header the client must send', async () => {
    const body = (await (await sseApp({ kind: 'AES256' }).request('/v1/presign', put('a', 5))).json()) as {
      url: string;
      headers: Record<string, string>;
    };
    expect(body.headers).toEqual({ 'content-type': 'application/octet-stream', 'x-amz-acl': 'private', 'x-amz-server-side-encryption': 'AES256' });
    const url = new URL(body.url);
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toContain('x-amz-server-side-encryption');
    expect(url.searchParams.has('x-amz-server-side-encryption')).toBe(false);
  });

  it('signs SSE-KMS with its key id, and nothing into GET URLs', async () => {
    const app = sseApp({ kind: 'aws:kms', keyId: 'arn:aws:kms:eu-west-1:1:key/k' });
    const body = (await (await app.request('/v1/presign', put('a', 5))).json()) as { url: string; headers: Record<string, string> };
    expect(body.headers).toEqual({
      'content-type': 'application/octet-stream',
      'x-amz-acl': 'private',
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': 'arn:aws:kms:eu-west-1:1:key/k',
    });
    expect(new URL(body.url).searchParams.get('X-Amz-SignedHeaders')).toContain('x-amz-server-side-encryption-aws-kms-key-id');
    const get = (await (await app.request('/v1/presign', postJson('alice', { method: 'GET', key: 'a' }))).json()) as {
      headers: Record<string, string>;
    };
    expect(get.headers).toEqual({});
  });
});
