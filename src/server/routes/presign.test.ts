import { describe, expect, it } from 'vitest';
import { signedUrlSchema } from '../../protocol/index.ts';
import { createMemoryStorage, createTestApp, postJson, TEST_NOW } from '../testing.ts';

async function presign(body: unknown, overrides = {}) {
  const { app } = createTestApp(overrides);
  const response = await app.request('/v1/presign', postJson('alice', body));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('POST /v1/presign', () => {
  it('signs a PUT under the caller’s prefix with the content length bound into the signature', async () => {
    const { status, body } = await presign({ method: 'PUT', key: 'files/a.bin', contentLength: 1234 });
    expect(status).toBe(200);
    const signed = signedUrlSchema.parse(body);
    const url = new URL(signed.url);
    expect(url.pathname).toBe('/test-bucket/users/alice/files/a.bin');
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toContain('content-length');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(signed.method).toBe('PUT');
    expect(signed.expiresAt).toBe(new Date(TEST_NOW + 900_000).toISOString());
  });

  it('signs the ACL (private) and the type (application/octet-stream) of every PUT as headers the client must send', async () => {
    const signed = signedUrlSchema.parse((await presign({ method: 'PUT', key: 'files/a.bin', contentLength: 1234 })).body);
    expect(signed.headers).toEqual({ 'content-type': 'application/octet-stream', 'x-amz-acl': 'private' });
    const url = new URL(signed.url);
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(['content-length', 'content-type', 'host', 'x-amz-acl']);
    // Not hoisted into the query: RGW lets a sent x-amz-acl header override an x-amz-acl query parameter.
    expect([...url.searchParams.keys()].map((name) => name.toLowerCase())).not.toContain('x-amz-acl');
    const get = signedUrlSchema.parse((await presign({ method: 'GET', key: 'files/a.bin' })).body);
    expect(get.headers).toEqual({});
  });

  it('never signs a checksum into any URL', async () => {
    for (const body of [
      { method: 'PUT', key: 'a', contentLength: 0 },
      { method: 'GET', key: 'a' },
      { method: 'HEAD', key: 'a' },
      { method: 'DELETE', key: 'a' },
    ]) {
      const { body: signed } = await presign(body);
      const url = String(signed.url).toLowerCase();
      expect(url).not.toContain('x-amz-checksum');
      expect(url).not.toContain('x-amz-sdk-checksum-algorithm');
    }
  });

  it('clamps expiresIn to the configured maximum and honours a shorter one', async () => {
    const long = await presign({ method: 'GET', key: 'a', expiresIn: 999_999_999 });
    expect(new URL(String(long.body.url)).searchParams.get('X-Amz-Expires')).toBe('900');
    const short = await presign({ method: 'GET', key: 'a', expiresIn: 60 });
    expect(new URL(String(short.body.url)).searchParams.get('X-Amz-Expires')).toBe('60');
    expect(short.body.expiresAt).toBe(new Date(TEST_NOW + 60_000).toISOString());
  });

  it('never signs past the expiry of the signing credentials', async () => {
    const storage = createMemoryStorage({ credentialsExpiry: new Date(TEST_NOW + 120_000) });
    const { body } = await presign({ method: 'GET', key: 'a' }, { storage });
    expect(new URL(String(body.url)).searchParams.get('X-Amz-Expires')).toBe('120');
    const expired = createMemoryStorage({ credentialsExpiry: new Date(TEST_NOW) });
    const refused = await presign({ method: 'GET', key: 'a' }, { storage: expired });
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ error: { code: 'credentials_expiring' } });
  });

  it('refuses a PUT without a content length, and a GET with one', async () => {
    expect((await presign({ method: 'PUT', key: 'a' })).status).toBe(400);
    expect((await presign({ method: 'GET', key: 'a', contentLength: 3 })).status).toBe(400);
  });
});
