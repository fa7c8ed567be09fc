import { describe, expect, it } from 'vitest';
import { createMultipartResponseSchema, signPartsResponseSchema, usageResponseSchema, type CreateMultipartResponse } from '../../protocol/index.ts';
import { createApp } from '../app.ts';
import { silentLogger } from '../logger.ts';
import { createMemoryStorage, getAs, postJson, TEST_CONFIG, TEST_NOW, TOKENS } from '../testing.ts';
import { USAGE_TTL_MS } from '../usage.ts';
import { createUserStore, userFromToken } from '../users.ts';

const MiB = 1024 * 1024;
const CHUNK = 65_552;

/** An app with a quota of `quotaBytes` (and `quotaObjects`), over `storage`, at a clock the test moves. */
function setup(limits: { quotaBytes?: number; quotaObjects?: number }, storage = createMemoryStorage()) {
  let now = TEST_NOW;
  const users = createUserStore([userFromToken('alice', TOKENS.alice), userFromToken('bob', TOKENS.bob)]);
  const config = { ...TEST_CONFIG, limits: { ...TEST_CONFIG.limits, ...limits } };
  const app = createApp({ config, storage, users, clock: () => now, logger: silentLogger });
  const create = async (key: string, size: number): Promise<Response> => app.request('/v1/multipart', postJson('alice', { key, size, chunkSize: CHUNK }));
  const created = async (key: string, size: number): Promise<CreateMultipartResponse> => {
    const response = await create(key, size);
    expect(response.status).toBe(201);
    return createMultipartResponseSchema.parse(await response.json());
  };
  const usage = async () => usageResponseSchema.parse(await (await app.request('/v1/me/usage', getAs('alice'))).json());
  const presignPut = (key: string, contentLength: number) => app.request('/v1/presign', postJson('alice', { method: 'PUT', key, contentLength }));
  return { app, storage, create, created, usage, presignPut, advance: (ms: number) => (now += ms) };
}

async function codeOf(response: Response): Promise<[number, string]> {
  const body = (await response.json()) as { error?: { code: string } };
  return [response.status, body.error?.code ?? ''];
}

describe('quotas and multipart uploads', () => {
  it('reserve each upload’s size at create: creates past the quota are refused, and an abort gives the room back', async () => {
    const { app, create, created, usage } = setup({ quotaBytes: 30 * MiB });
    const uploads = [await created('a', 10 * MiB), await created('b', 10 * MiB), await created('c', 10 * MiB)];
    expect(await codeOf(await create('d', 10 * MiB))).toEqual([403, 'quota_exceeded']);
    expect(await codeOf(await create('d', 1))).toEqual([403, 'quota_exceeded']);
    expect((await usage()).reserved).toEqual({ bytes: 30 * MiB, objects: 3 });
    const first = uploads[0] as CreateMultipartResponse;
    expect((await app.request('/v1/multipart/abort', postJson('alice', { key: 'a', uploadId: first.uploadId }))).status).toBe(200);
    expect((await usage()).reserved).toEqual({ bytes: 20 * MiB, objects: 2 });
    await created('d', 10 * MiB);
  });

  it('never let concurrent creates past the quota together', async () => {
    const { storage, create } = setup({ quotaBytes: 30 * MiB });
    const statuses = await Promise.all(Array.from({ length: 10 }, (_, i) => create(`f${i}`, 10 * MiB).then((r) => r.status)));
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 403)).toHaveLength(7);
    expect(storage.uploads.size).toBe(3);
  });

  it('keep their reservations across usage refreshes, GET /v1/me/usage, and a restart of the endpoint', async () => {
    const { storage, create, created, usage, advance } = setup({ quotaBytes: 30 * MiB });
    await created('a', 10 * MiB);
    await created('b', 10 * MiB);
    expect(await usage()).toMatchObject({ usage: { bytes: 0, objects: 0 }, reserved: { bytes: 20 * MiB, objects: 2 } });
    advance(USAGE_TTL_MS * 3);
    expect((await usage()).reserved).toEqual({ bytes: 20 * MiB, objects: 2 });
    await created('c', 10 * MiB);
    advance(USAGE_TTL_MS * 3);
    expect(await codeOf(await create('d', 10 * MiB))).toEqual([403, 'quota_exceeded']);
    // Another process (or this one restarted) knows the uploads from S3 and their sizes from the upload plans.
    const restarted = setup({ quotaBytes: 30 * MiB }, storage);
    expect(await codeOf(await restarted.create('d', 10 * MiB))).toEqual([403, 'quota_exceeded']);
    expect((await restarted.usage()).reserved).toEqual({ bytes: 30 * MiB, objects: 3 });
  });

  it('count the objects quota too', async () => {
    const { create, created } = setup({ quotaObjects: 2 });
    await created('a', MiB);
    await created('b', MiB);
    expect(await codeOf(await create('c', 1))).toEqual([403, 'quota_exceeded']);
  });

  it('free the reservation of an upload S3 no longer holds, though its abort never reached the endpoint', async () => {
    const { storage, create, created, usage } = setup({ quotaBytes: 20 * MiB });
    const lost = await created('a', 10 * MiB);
    await created('b', 10 * MiB);
    expect(await codeOf(await create('c', 10 * MiB))).toEqual([403, 'quota_exceeded']);
    await storage.abortMultipart({ key: 'users/alice/a', uploadId: lost.uploadId }); // aborted behind the endpoint's back
    expect((await usage()).reserved).toEqual({ bytes: 10 * MiB, objects: 1 });
    await created('c', 10 * MiB);
    expect([...storage.bodies.keys()].filter((key) => key.startsWith('upload-plans/'))).toHaveLength(2); // its plan was removed
  });

  it('count a completed upload as the object S3 lists', async () => {
    const { app, storage, create, created, usage } = setup({ quotaBytes: 20 * MiB });
    const upload = await created('a', 6 * MiB);
    storage.uploads.get(upload.uploadId)?.parts.push({ partNumber: 1, size: 6 * MiB, etag: '"e1"' });
    const done = await app.request('/v1/multipart/complete', postJson('alice', { key: 'a', uploadId: upload.uploadId, parts: [{ partNumber: 1, etag: '"e1"' }] }));
    expect(done.status).toBe(200);
    expect(await codeOf(await create('b', 14 * MiB + 1))).toEqual([403, 'quota_exceeded']);
    expect(await usage()).toMatchObject({ usage: { bytes: 6 * MiB, objects: 1 }, reserved: { bytes: 0, objects: 0 } });
    await created('b', 14 * MiB);
    expect([...storage.bodies.keys()].filter((key) => key.startsWith('upload-plans/'))).toHaveLength(1);
  });

  it('sign parts only at the planned lengths: a restated size or part size is refused, and so is an upload not started here', async () => {
    const { app, created } = setup({ quotaBytes: 30 * MiB });
    const upload = await created('a', 12 * MiB);
    const sign = (user: 'alice' | 'bob', body: Record<string, unknown>) =>
      app.request('/v1/multipart/sign', postJson(user, { key: 'a', uploadId: upload.uploadId, partNumbers: [1], ...body }));
    expect(await codeOf(await sign('alice', { size: 5 * 1024 ** 4, partSize: upload.partSize }))).toEqual([400, 'invalid_request']);
    expect(await codeOf(await sign('alice', { size: 12 * MiB, partSize: 5 * 1024 ** 3 }))).toEqual([400, 'invalid_request']);
    expect(await codeOf(await sign('alice', { partNumbers: [upload.partCount + 1] }))).toEqual([400, 'part_out_of_range']);
    expect(await codeOf(await sign('alice', { uploadId: 'upload-999' }))).toEqual([404, 'upload_not_found']);
    expect(await codeOf(await sign('alice', { key: 'b' }))).toEqual([404, 'upload_not_found']);
    expect(await codeOf(await sign('bob', {}))).toEqual([404, 'upload_not_found']);
    const restated = signPartsResponseSchema.parse(await (await sign('alice', { size: 12 * MiB, partSize: upload.partSize, partNumbers: [3] })).json());
    const plain = signPartsResponseSchema.parse(await (await sign('alice', { partNumbers: [1, 3] })).json());
    expect(plain.parts.map((p) => p.size)).toEqual([upload.partSize, 12 * MiB - 2 * upload.partSize]);
    expect(restated.parts[0]?.size).toBe(12 * MiB - 2 * upload.partSize);
  });
});

describe('quotas and single PUTs', () => {
  it('reserve a signed length until the URL expires or a listing shows the object, across refreshes', async () => {
    const { storage, presignPut, usage, advance } = setup({ quotaBytes: 100 });
    expect((await presignPut('a', 60)).status).toBe(200);
    expect((await usage()).reserved).toEqual({ bytes: 60, objects: 1 });
    expect(await codeOf(await presignPut('b', 41))).toEqual([403, 'quota_exceeded']);
    // The browser PUTs the object: the next listing counts it as stored instead.
    storage.objects.set('users/alice/a', { key: 'users/alice/a', size: 60, lastModified: new Date(TEST_NOW) });
    expect(await usage()).toMatchObject({ usage: { bytes: 60, objects: 1 }, reserved: { bytes: 0, objects: 0 } });
    expect((await presignPut('b', 40)).status).toBe(200);
    expect(await codeOf(await presignPut('c', 1))).toEqual([403, 'quota_exceeded']);
    // The URL for b is never used: its reservation ends when it expires (900 s in test apps).
    advance(900_000);
    expect((await presignPut('c', 40)).status).toBe(200);
  });

  it('count an overwrite until a listing shows the object written after the signing', async () => {
    const { storage, presignPut, usage, advance } = setup({ quotaBytes: 100 });
    storage.objects.set('users/alice/settings', { key: 'users/alice/settings', size: 30, lastModified: new Date(TEST_NOW - 60_000) });
    expect((await presignPut('settings', 30)).status).toBe(200);
    expect(await usage()).toMatchObject({ usage: { bytes: 30, objects: 1 }, reserved: { bytes: 30, objects: 1 } });
    advance(1000);
    storage.objects.set('users/alice/settings', { key: 'users/alice/settings', size: 30, lastModified: new Date(TEST_NOW + 1000) });
    expect(await usage()).toMatchObject({ usage: { bytes: 30, objects: 1 }, reserved: { bytes: 0, objects: 0 } });
  });
});
