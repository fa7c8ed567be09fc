import { describe, expect, it } from 'vitest';
import { moveObjectResponseSchema, shareListSchema, usageResponseSchema } from '../../protocol/index.ts';
import { copyRanges } from '../s3-copy.ts';
import { createMemoryStorage, createTestApp, getAs, postJson, TEST_CONFIG } from '../testing.ts';

function setup(overrides: Parameters<typeof createTestApp>[0] = {}) {
  const storage = createMemoryStorage();
  const { app } = createTestApp({ storage, ...overrides });
  const put = (key: string, size: number) => storage.objects.set(key, { key, size, lastModified: new Date(0) });
  const move = (from: string, to: string, user: 'alice' | 'bob' = 'alice') => app.request('/v1/objects/move', postJson(user, { from, to }));
  return { app, storage, put, move };
}

describe('POST /v1/objects/move', () => {
  it('renames an object by a server-side copy: the new key has the content, the old key is gone', async () => {
    const { storage, put, move } = setup();
    put('users/alice/files/aa.n1.old', 1234);
    const response = await move('files/aa.n1.old', 'files/aa.n1.new');
    expect(response.status).toBe(200);
    expect(moveObjectResponseSchema.parse(await response.json())).toEqual({ key: 'files/aa.n1.new', size: 1234 });
    expect([...storage.objects.keys()]).toEqual(['users/alice/files/aa.n1.new']);
    expect(storage.objects.get('users/alice/files/aa.n1.new')?.size).toBe(1234);
  });

  it('maps both keys under the caller’s space: another user’s objects are unreachable', async () => {
    const { storage, put, move } = setup();
    put('users/alice/files/secret', 10);
    const response = await move('files/secret', 'files/mine', 'bob');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'object_not_found' } });
    expect([...storage.objects.keys()]).toEqual(['users/alice/files/secret']);
    const escape = await move('files/x', '../alice/files/stolen', 'bob');
    expect(escape.status).toBe(400);
    expect(await escape.json()).toMatchObject({ error: { code: 'invalid_key', message: expect.stringContaining('to:') } });
  });

  it('refuses bad bodies with clear 400s', async () => {
    const { app, move } = setup();
    expect(await (await move('files/a', 'files/a')).json()).toMatchObject({ error: { code: 'invalid_request', message: 'body: from and to must differ' } });
    expect(await (await move('/files/a', 'files/b')).json()).toMatchObject({ error: { code: 'invalid_key', message: expect.stringContaining('from:') } });
    const extra = await app.request('/v1/objects/move', postJson('alice', { from: 'a', to: 'b', overwrite: true }));
    expect(extra.status).toBe(400);
    const anonymous = await app.request('/v1/objects/move', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"from":"a","to":"b"}' });
    expect(anonymous.status).toBe(401);
  });

  it('never overwrites: an existing target is a 409 and both objects stay', async () => {
    const { storage, put, move } = setup();
    put('users/alice/a', 1);
    put('users/alice/b', 2);
    const response = await move('a', 'b');
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: { code: 'object_exists' } });
    expect(storage.objects.get('users/alice/a')?.size).toBe(1);
    expect(storage.objects.get('users/alice/b')?.size).toBe(2);
  });

  it('answers a retried move that already happened with success', async () => {
    const { put, move } = setup();
    put('users/alice/new', 7);
    const response = await move('old', 'new');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ key: 'new', size: 7 });
  });

  it('keeps the owner’s share links working: they follow the object to its new key', async () => {
    const { app, put, move } = setup();
    put('users/alice/files/a.bin', 500);
    const created = await app.request('/v1/shares', postJson('alice', { key: 'files/a.bin', expiresIn: 3600, headerLength: 300 }));
    expect(created.status).toBe(201);
    expect((await move('files/a.bin', 'files/b.bin')).status).toBe(200);
    const { shares } = shareListSchema.parse(await (await app.request('/v1/shares', getAs('alice'))).json());
    expect(shares.map((s) => s.key)).toEqual(['files/b.bin']);
  });
});

describe('GET /v1/me/usage', () => {
  it('reports what the caller stores, and no quota when none is configured', async () => {
    const { app, put } = setup();
    put('users/alice/files/a', 1000);
    put('users/alice/files/b', 24);
    put('users/bob/files/c', 99);
    const body = usageResponseSchema.parse(await (await app.request('/v1/me/usage', getAs('alice'))).json());
    expect(body).toEqual({ usage: { bytes: 1024, objects: 2 }, reserved: { bytes: 0, objects: 0 }, quota: { bytes: null, objects: null } });
  });

  it('reports the configured quota, and usage that changes at once (no stale cache), and not through a move', async () => {
    const config = { ...TEST_CONFIG, limits: { ...TEST_CONFIG.limits, quotaBytes: 10_000, quotaObjects: 5 } };
    const { app, put, move } = setup({ config });
    const usage = async () => usageResponseSchema.parse(await (await app.request('/v1/me/usage', getAs('alice'))).json());
    expect(await usage()).toEqual({ usage: { bytes: 0, objects: 0 }, reserved: { bytes: 0, objects: 0 }, quota: { bytes: 10_000, objects: 5 } });
    put('users/alice/files/a', 300);
    expect((await usage()).usage).toEqual({ bytes: 300, objects: 1 });
    await move('files/a', 'files/b');
    expect((await usage()).usage).toEqual({ bytes: 300, objects: 1 });
  });
});

describe('copyRanges', () => {
  it('cuts a copy into parts of the part size, the last one shorter, covering every byte once', () => {
    expect(copyRanges(12, { singleMax: 5, partSize: 5 })).toEqual([
      { start: 0, end: 4 },
      { start: 5, end: 9 },
      { start: 10, end: 11 },
    ]);
  });

  it('grows the parts so that even a 5 TiB object needs at most 10,000', () => {
    const size = 5 * 1024 ** 4;
    const ranges = copyRanges(size, { singleMax: 5 * 1024 ** 3, partSize: 512 * 1024 ** 2 });
    expect(ranges.length).toBeLessThanOrEqual(10_000);
    expect(ranges.at(-1)?.end).toBe(size - 1);
  });
});

describe('POST /v1/objects/delete', () => {
  it('deletes the caller’s objects only, missing ones too, and refuses bad keys', async () => {
    const { app, storage, put } = setup();
    put('users/alice/files/a', 1);
    put('users/alice/files/b', 1);
    put('users/bob/files/a', 1);
    const response = await app.request('/v1/objects/delete', postJson('alice', { keys: ['files/a', 'files/b', 'files/gone', 'files/a'] }));
    expect(await response.json()).toEqual({ deleted: 3 });
    expect([...storage.objects.keys()]).toEqual(['users/bob/files/a']);
    const bad = await app.request('/v1/objects/delete', postJson('alice', { keys: ['../bob/files/a'] }));
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_key', message: expect.stringContaining('keys.0') } });
    expect((await app.request('/v1/objects/delete', postJson('alice', { keys: [] }))).status).toBe(400);
    const tooMany = Array.from({ length: 1001 }, (_, i) => `files/${i}`);
    expect((await app.request('/v1/objects/delete', postJson('alice', { keys: tooMany }))).status).toBe(400);
    expect(storage.objects.has('users/bob/files/a')).toBe(true);
  });
});
