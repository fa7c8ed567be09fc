import { describe, expect, it } from 'vitest';
import { moveObjectResponseSchema, shareListSchema } from '../../protocol/index.ts';
import { createMemoryStorage, createTestApp, getAs, postJson } from '../testing.ts';

function setup() {
  const storage = createMemoryStorage();
  const { app } = createTestApp({ storage });
  const put = (key: string, size: number) => storage.objects.set(key, { key, size, lastModified: new Date(0) });
  const replace = (from: string, to: string, user: 'alice' | 'bob' = 'alice') => app.request('/v1/objects/replace', postJson(user, { from, to }));
  return { app, storage, put, replace };
}

describe('POST /v1/objects/replace', () => {
  it('deletes the replaced object, keeps the new one, and points the owner’s share links at it', async () => {
    const { app, storage, put, replace } = setup();
    put('users/alice/files/aa.n1.old', 500);
    put('users/alice/files/aa.n1.new', 500);
    expect((await app.request('/v1/shares', postJson('alice', { key: 'files/aa.n1.old', expiresIn: 3600, headerLength: 214 }))).status).toBe(201);
    const response = await replace('files/aa.n1.old', 'files/aa.n1.new');
    expect(response.status).toBe(200);
    expect(moveObjectResponseSchema.parse(await response.json())).toEqual({ key: 'files/aa.n1.new', size: 500 });
    expect([...storage.objects.keys()].filter((k) => k.startsWith('users/'))).toEqual(['users/alice/files/aa.n1.new']);
    const { shares } = shareListSchema.parse(await (await app.request('/v1/shares', getAs('alice'))).json());
    expect(shares.map((s) => s.key)).toEqual(['files/aa.n1.new']);
  });

  it('never deletes the old object while the new one does not exist', async () => {
    const { storage, put, replace } = setup();
    put('users/alice/files/aa.n1.old', 500);
    const response = await replace('files/aa.n1.old', 'files/aa.n1.missing');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'object_not_found', message: 'to: no such object' } });
    expect([...storage.objects.keys()]).toEqual(['users/alice/files/aa.n1.old']);
  });

  it('answers a retried replacement that already happened with success', async () => {
    const { put, replace } = setup();
    put('users/alice/files/aa.n1.new', 9);
    expect(await (await replace('files/aa.n1.old', 'files/aa.n1.new')).json()).toEqual({ key: 'files/aa.n1.new', size: 9 });
  });

  it('stays inside the caller’s space and refuses bad bodies with clear 400s', async () => {
    const { app, storage, put, replace } = setup();
    put('users/alice/files/a', 1);
    put('users/bob/files/b', 1);
    // Bob names Alice's object, Alice names Bob's: neither is in the caller's space, so nothing is deleted.
    expect((await replace('files/b', 'files/a', 'bob')).status).toBe(404);
    expect((await replace('files/a', 'files/b', 'alice')).status).toBe(404);
    expect([...storage.objects.keys()].sort()).toEqual(['users/alice/files/a', 'users/bob/files/b']);
    expect(await (await replace('files/a', 'files/a')).json()).toMatchObject({ error: { code: 'invalid_request', message: 'body: from and to must differ' } });
    expect(await (await replace('../bob/files/b', 'files/a')).json()).toMatchObject({ error: { code: 'invalid_key', message: expect.stringContaining('from:') } });
    const extra = await app.request('/v1/objects/replace', postJson('alice', { from: 'a', to: 'b', force: true }));
    expect(extra.status).toBe(400);
    const anonymous = await app.request('/v1/objects/replace', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"from":"a","to":"b"}' });
    expect(anonymous.status).toBe(401);
  });
});
