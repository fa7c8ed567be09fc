import { describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../server/config.ts';
import { silentLogger } from '../server/logger.ts';
import { startCoffer } from '../server/start.ts';
import { useTestStack } from './test-stack.ts';

const TOKENS = { alice: 'alice-token-0123456789', bob: 'bob-token-0123456789ab' };
type Json = Record<string, unknown> & { objects?: { key: string; size: number }[] };

describe('the endpoint over the embedded S3 (starts s3rver)', () => {
  const stack = useTestStack({ tokens: TOKENS, env: { COFFER_ALLOWED_ORIGINS: 'http://app.test' } });
  const api = (user: keyof typeof TOKENS, path: string, body?: unknown) => stack.api<Json>(user, path, body);

  async function signed(user: keyof typeof TOKENS, body: unknown): Promise<string> {
    const { status, json } = await api(user, '/v1/presign', body);
    expect(status).toBe(200);
    return String(json.url);
  }

  async function put(user: keyof typeof TOKENS, key: string, content: string): Promise<void> {
    const url = await signed(user, { method: 'PUT', key, contentLength: Buffer.byteLength(content) });
    expect((await fetch(url, { method: 'PUT', body: content })).status).toBe(200);
  }

  it('round-trips an object through signed PUT, list, GET and DELETE', async () => {
    expect((await api('alice', '/v1/me')).json).toEqual({ user: 'alice' });
    await put('alice', 'files/one', 'ciphertext, honestly');
    expect((await api('alice', '/v1/objects?prefix=files/')).json.objects).toMatchObject([{ key: 'files/one', size: 20 }]);
    expect(await (await fetch(await signed('alice', { method: 'GET', key: 'files/one' }))).text()).toBe('ciphertext, honestly');
    const head = await fetch(await signed('alice', { method: 'HEAD', key: 'files/one' }), { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe('20');
    const deleted = await fetch(await signed('alice', { method: 'DELETE', key: 'files/one' }), { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect((await api('alice', '/v1/objects')).json.objects).toEqual([]);
  });

  it('keeps users apart: Bob can neither list nor reach Alice’s objects', async () => {
    await put('alice', 'mine', 'a');
    expect((await api('bob', '/v1/objects')).json.objects).toEqual([]);
    expect((await fetch(await signed('bob', { method: 'GET', key: 'mine' }))).status).toBe(404);
  });

  it('pages a listing with cursors', async () => {
    for (let i = 0; i < 5; i++) await put('bob', `many/${i}`, String(i));
    const keys: string[] = [];
    let cursor: unknown;
    do {
      const query = `prefix=many/&limit=2${typeof cursor === 'string' ? `&cursor=${cursor}` : ''}`;
      const { json } = await api('bob', `/v1/objects?${query}`);
      keys.push(...(json.objects ?? []).map((object) => object.key));
      cursor = json.nextCursor;
    } while (cursor !== undefined);
    expect(keys).toEqual(['many/0', 'many/1', 'many/2', 'many/3', 'many/4']);
  });

  it('runs a multipart upload: create, sign, upload parts, complete', async () => {
    const size = 6 * 1024 * 1024 + 10;
    const created = await api('alice', '/v1/multipart', { key: 'big', size, chunkSize: 65_552 });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ key: 'big', partCount: 2, partSize: 80 * 65_552 });
    const { uploadId, partSize } = created.json;
    const sign = await api('alice', '/v1/multipart/sign', { key: 'big', uploadId, size, partSize, partNumbers: [1, 2] });
    const parts = [];
    for (const part of sign.json.parts as { partNumber: number; size: number; url: string }[]) {
      const response = await fetch(part.url, { method: 'PUT', body: new Uint8Array(part.size).fill(part.partNumber) });
      expect(response.status).toBe(200);
      parts.push({ partNumber: part.partNumber, etag: response.headers.get('etag') ?? '' });
    }
    expect((await api('alice', '/v1/multipart/complete', { key: 'big', uploadId, parts })).json).toEqual({ key: 'big' });
    expect((await api('alice', '/v1/objects?prefix=big')).json.objects).toMatchObject([{ key: 'big', size }]);
  });

  it('lists uploaded parts and aborts an upload', async () => {
    const size = 6 * 1024 * 1024;
    const { json: created } = await api('bob', '/v1/multipart', { key: 'halfway', size, chunkSize: 1 });
    const { uploadId, partSize } = created;
    const sign = await api('bob', '/v1/multipart/sign', { key: 'halfway', uploadId, size, partSize, partNumbers: [2] });
    const [part] = sign.json.parts as { size: number; url: string }[];
    expect((await fetch(part?.url ?? '', { method: 'PUT', body: new Uint8Array(part?.size ?? 0) })).status).toBe(200);
    const listed = await api('bob', `/v1/multipart/parts?key=halfway&uploadId=${String(uploadId)}`);
    expect(listed.json.parts).toMatchObject([{ partNumber: 2, size: size - Number(partSize) }]);
    expect((await api('bob', '/v1/multipart/abort', { key: 'halfway', uploadId })).json).toEqual({ aborted: true });
    const gone = await api('bob', '/v1/multipart/abort', { key: 'halfway', uploadId });
    expect(gone.status).toBe(404);
    expect(gone.json).toMatchObject({ error: { code: 'upload_not_found' } });
  });

  it('stores a share record and its empty index entry without the SDK warning of a body of unknown length', async () => {
    // The SDK sends no Content-Length for an empty string body and warns on the console at each share it stores.
    const warn = vi.spyOn(console, 'warn');
    try {
      await put('alice', 'files/shared', 'ciphertext');
      const created = await api('alice', '/v1/shares', { key: 'files/shared', expiresIn: 3600, headerLength: 200 });
      expect(created.status).toBe(201);
      expect((await api('alice', '/v1/shares')).json.shares).toMatchObject([{ key: 'files/shared', downloads: 0 }]);
      expect(warn.mock.calls.filter((call) => String(call[0]).includes('unknown length'))).toEqual([]);
    } finally {
      warn.mockRestore();
    }
  });

  it('serves the built app, with index.html for client-side routes and JSON 404s under /v1', async () => {
    const response = await fetch(`${stack.coffer.url}/some/app/route`);
    expect(await response.text()).toContain('<title>Coffer</title>');
    expect((await fetch(`${stack.coffer.url}/v1/unknown`)).status).toBe(404);
  });

  it('refuses oversized and mistyped bodies over HTTP with JSON errors', async () => {
    const post = (body: string, type = 'application/json') =>
      fetch(`${stack.coffer.url}/v1/presign`, { method: 'POST', headers: { authorization: `Bearer ${TOKENS.alice}`, 'content-type': type }, body });
    const huge = await post(JSON.stringify({ method: 'GET', key: 'a', pad: 'x'.repeat(3_000_000) }));
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ error: { code: 'body_too_large' } });
    expect((await post('{"method":"GET","key":"a"}', 'text/plain')).status).toBe(415);
    const chunked = await fetch(`${stack.coffer.url}/v1/presign`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.alice}`, 'content-type': 'application/json' },
      body: new Blob([JSON.stringify({ method: 'GET', key: 'a' })]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(200);
    const chunkedHuge = await fetch(`${stack.coffer.url}/v1/presign`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.alice}`, 'content-type': 'application/json' },
      body: new Blob(['{"pad":"', 'x'.repeat(2_000_000), '"}']).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(chunkedHuge.status).toBe(413);
  });

  it('answers CORS preflights for the allowed origin on the real server, and not for others', async () => {
    const preflight = (origin: string) =>
      fetch(`${stack.coffer.url}/v1/presign`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
      });
    const allowed = await preflight('http://app.test');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://app.test');
    expect((await preflight('http://127.0.0.1:5173')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a port in use with a one-line hint', async () => {
    const port = new URL(stack.coffer.url).port;
    const config = parseConfig({ PORT: port, COFFER_DATA_DIR: stack.dir });
    const s3Options = { region: 'us-east-1', bucket: 'x', forcePathStyle: true };
    await expect(startCoffer(config, { s3: s3Options, logger: silentLogger })).rejects.toThrow(
      `port ${port} is in use: set PORT to another port`,
    );
  });
});
