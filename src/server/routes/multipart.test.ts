import { describe, expect, it } from 'vitest';
import { createMultipartResponseSchema, partPageSchema, signPartsResponseSchema } from '../../protocol/index.ts';
import { createTestApp, getAs, postJson } from '../testing.ts';

const MiB = 1024 * 1024;

async function start(size: number, chunkSize = 65_552) {
  const test = createTestApp();
  const response = await test.app.request('/v1/multipart', postJson('alice', { key: 'big', size, chunkSize }));
  expect(response.status).toBe(201);
  return { ...test, created: createMultipartResponseSchema.parse(await response.json()) };
}

describe('multipart routes', () => {
  it('plans parts as whole chunks of at least 5 MiB, growing to stay within 10,000 parts', async () => {
    const small = await start(12 * MiB, 65_552);
    expect(small.created).toMatchObject({ key: 'big', partSize: 80 * 65_552, partCount: 3 });
    const huge = (await start(100 * 1024 * MiB, 65_552)).created;
    expect(huge.partSize % 65_552).toBe(0);
    expect(huge.partCount).toBeLessThanOrEqual(10_000);
    expect(huge.partSize * huge.partCount).toBeGreaterThanOrEqual(100 * 1024 * MiB);
    expect(small.storage.uploads.get(small.created.uploadId)?.key).toBe('users/alice/big');
  });

  it('signs each part bound to its exact length, the last one shorter', async () => {
    const size = 12 * MiB;
    const { app, created } = await start(size);
    const body = { key: 'big', uploadId: created.uploadId, size, partSize: created.partSize, partNumbers: [1, 3] };
    const signed = signPartsResponseSchema.parse(await (await app.request('/v1/multipart/sign', postJson('alice', body))).json());
    expect(signed.parts.map((p) => [p.partNumber, p.size])).toEqual([
      [1, created.partSize],
      [3, size - 2 * created.partSize],
    ]);
    for (const part of signed.parts) {
      const url = new URL(part.url);
      expect(url.pathname).toBe('/test-bucket/users/alice/big');
      expect(url.searchParams.get('partNumber')).toBe(String(part.partNumber));
      expect(url.searchParams.get('uploadId')).toBe(created.uploadId);
      expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toContain('content-length');
      expect(part.url.toLowerCase()).not.toContain('checksum');
    }
  });

  it('refuses part numbers past the last part', async () => {
    const { app, created } = await start(6 * MiB);
    const body = { key: 'big', uploadId: created.uploadId, size: 6 * MiB, partSize: created.partSize, partNumbers: [3] };
    const response = await app.request('/v1/multipart/sign', postJson('alice', body));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'part_out_of_range' } });
  });

  it('lists parts page by page, completes and aborts', async () => {
    const { app, storage, created } = await start(20 * MiB);
    const upload = storage.uploads.get(created.uploadId);
    for (let n = 1; n <= 1001; n++) upload?.parts.push({ partNumber: n, size: 1, etag: `"e${n}"` });
    const query = `key=big&uploadId=${created.uploadId}`;
    const first = partPageSchema.parse(await (await app.request(`/v1/multipart/parts?${query}`, getAs('alice'))).json());
    expect(first.parts).toHaveLength(1000);
    expect(first.nextCursor).toBe(1000);
    const second = partPageSchema.parse(await (await app.request(`/v1/multipart/parts?${query}&cursor=1000`, getAs('alice'))).json());
    expect(second).toEqual({ parts: [{ partNumber: 1001, size: 1, etag: '"e1001"' }] });

    const complete = { key: 'big', uploadId: created.uploadId, parts: [{ partNumber: 1, etag: '"e1"' }] };
    expect(await (await app.request('/v1/multipart/complete', postJson('alice', complete))).json()).toEqual({ key: 'big' });
    expect(storage.objects.get('users/alice/big')?.size).toBe(1);
    const again = await app.request('/v1/multipart/abort', postJson('alice', { key: 'big', uploadId: created.uploadId }));
    expect(again.status).toBe(404);
    expect(await again.json()).toMatchObject({ error: { code: 'upload_not_found' } });
  });

  it('aborts an upload, and Bob cannot touch Alice’s upload', async () => {
    const { app, storage, created } = await start(6 * MiB);
    const body = { key: 'big', uploadId: created.uploadId };
    const bob = await app.request('/v1/multipart/abort', postJson('bob', body));
    expect(bob.status).toBe(404);
    const alice = await app.request('/v1/multipart/abort', postJson('alice', body));
    expect(await alice.json()).toEqual({ aborted: true });
    expect(storage.uploads.size).toBe(0);
  });

  it('maps a wrong ETag on complete to invalid_part', async () => {
    const { app, created } = await start(6 * MiB);
    const body = { key: 'big', uploadId: created.uploadId, parts: [{ partNumber: 1, etag: '"nope"' }] };
    const response = await app.request('/v1/multipart/complete', postJson('alice', body));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_part' } });
  });
});
