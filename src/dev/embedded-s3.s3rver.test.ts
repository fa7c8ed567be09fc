import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDED_KEY_SEGMENT_MAX_BYTES, startEmbeddedS3, type EmbeddedS3 } from './embedded-s3.ts';

describe('startEmbeddedS3 (starts s3rver)', () => {
  let dir: string;
  let s3: EmbeddedS3;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'coffer-s3-'));
    s3 = await startEmbeddedS3({ port: 0, dataDir: join(dir, 's3'), bucket: 'coffer', allowedOrigins: ['http://app.test'] });
  });
  afterAll(async () => {
    await s3.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 with the bucket created', async () => {
    expect(s3.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${s3.endpoint}/coffer`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<ListBucketResult');
  });

  it('lets the allowed origin read ETag through CORS, and not another origin', async () => {
    const preflight = (origin: string) =>
      fetch(`${s3.endpoint}/coffer/x`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' },
      });
    const allowed = await preflight('http://app.test');
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).not.toBeNull();
    expect((await preflight('http://evil.test')).status).toBe(403);
    const put = await fetch(`${s3.endpoint}/coffer/x`, { method: 'PUT', body: 'hi', headers: { origin: 'http://app.test' } });
    expect(put.headers.get('access-control-allow-origin')).toBe('http://app.test');
    expect(put.headers.get('access-control-expose-headers')).toContain('ETag');
  });

  it('refuses a key segment too long for a file name with KeyTooLongError, and goes on serving', async () => {
    const longest = 'a'.repeat(EMBEDDED_KEY_SEGMENT_MAX_BYTES);
    const put = (key: string) => fetch(`${s3.endpoint}/coffer/${key}`, { method: 'PUT', body: 'hi' });
    for (const key of [`files/${longest}b`, `files/${'é'.repeat(117)}/x`]) {
      const refused = await put(key);
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain('<Code>KeyTooLongError</Code>');
    }
    expect((await put(`files/${longest}/${longest}`)).status).toBe(200);
    const read = await fetch(`${s3.endpoint}/coffer/files/${longest}/${longest}`);
    expect(await read.text()).toBe('hi');
  });

  it('says which port is taken and which variable to set', async () => {
    const port = Number(new URL(s3.endpoint).port);
    await expect(startEmbeddedS3({ port, dataDir: join(dir, 's3b'), bucket: 'coffer', allowedOrigins: [] })).rejects.toThrow(
      `port ${port} is in use: set COFFER_S3_PORT to another port`,
    );
  });
});
