import { describe, expect, it } from 'vitest';
import { ENDED_SHARE_KEPT_DAYS, shareDownloadSchema, shareInfoSchema, shareListSchema, type ShareInfo } from '../../protocol/index.ts';
import { createMemoryStorage, createTestApp, getAs, postJson, TEST_NOW } from '../testing.ts';

function setup(start = TEST_NOW) {
  let now = start;
  const storage = createMemoryStorage();
  const { app } = createTestApp({ storage, clock: () => now });
  const share = async (body: Record<string, unknown> = {}): Promise<ShareInfo> => {
    const response = await app.request('/v1/shares', postJson('alice', { key: 'files/a.bin', expiresIn: 3600, headerLength: 300, ...body }));
    expect(response.status).toBe(201);
    return shareInfoSchema.parse(await response.json());
  };
  const download = async (id: string): Promise<Response> => app.request(`/v1/public/shares/${id}/download`, { method: 'POST' });
  return { app, storage, share, download, advance: (ms: number) => (now += ms) };
}

describe('share routes', () => {
  it('creates a share with a 128-bit id whose record sits outside every user space', async () => {
    const { share, storage } = setup();
    const info = await share({ maxDownloads: 2 });
    expect(info.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(info).toMatchObject({ key: 'files/a.bin', maxDownloads: 2, downloads: 0, revokedAt: null, expiresAt: new Date(TEST_NOW + 3_600_000).toISOString() });
    expect([...storage.bodies.keys()].sort()).toEqual([`share-index/alice/${info.id}`, `shares/${info.id}.json`]);
  });

  it('gives a recipient without a token a header-only URL and counted whole-object URLs', async () => {
    const { app, share, download } = setup();
    const { id } = await share({ maxDownloads: 2 });
    const state = await app.request(`/v1/public/shares/${id}`);
    expect(await state.json()).toEqual({ expiresAt: new Date(TEST_NOW + 3_600_000).toISOString(), downloadsLeft: 2 });
    const header = (await (await app.request(`/v1/public/shares/${id}/header`, { method: 'POST' })).json()) as { url: string; headers: Record<string, string> };
    expect(header.headers).toEqual({ range: 'bytes=0-299' });
    expect(new URL(header.url).searchParams.get('X-Amz-SignedHeaders')?.split(';')).toContain('range');
    const first = shareDownloadSchema.parse(await (await download(id)).json());
    expect(new URL(first.url).pathname).toBe('/test-bucket/users/alice/files/a.bin');
    expect(new URL(first.url).searchParams.get('X-Amz-Expires')).toBe('600');
    expect(first.downloadsLeft).toBe(1);
    expect((await download(id)).status).toBe(200);
    const third = await download(id);
    expect(third.status).toBe(410);
    expect(await third.json()).toMatchObject({ error: { code: 'share_used_up', endedAt: new Date(TEST_NOW).toISOString() } });
  });

  it('counts exactly once per download under concurrent requests', async () => {
    const { share, download, app } = setup();
    const { id } = await share({ maxDownloads: 5 });
    const statuses = await Promise.all(Array.from({ length: 20 }, () => download(id).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 410)).toHaveLength(15);
    const list = shareListSchema.parse(await (await app.request('/v1/shares', getAs('alice'))).json());
    expect(list.shares).toMatchObject([{ id, downloads: 5, ended: { code: 'share_used_up', at: new Date(TEST_NOW).toISOString() } }]);
  });

  it('retries a conditional write that lost to another process', async () => {
    const { share, download, storage } = setup();
    const { id } = await share({ maxDownloads: 1 });
    const write = storage.writeObject.bind(storage);
    let raced = false;
    storage.writeObject = async (key, body, condition) => {
      if (!raced && condition !== undefined) {
        raced = true;
        const other = JSON.parse((await storage.readObject(key))?.body ?? '{}') as { downloads: number };
        await write(key, JSON.stringify({ ...other, downloads: other.downloads + 1 }));
      }
      return write(key, body, condition);
    };
    expect((await download(id)).status).toBe(410);
  });

  it('lists active shares, revokes at once, says when a share expired, and cleans up old records', async () => {
    const { app, share, download, advance, storage } = setup();
    const kept = await share();
    const revoked = await share({ expiresIn: 60 });
    const list = async () => shareListSchema.parse(await (await app.request('/v1/shares', getAs('alice'))).json()).shares;
    expect((await list()).map((s) => s.id).sort()).toEqual([kept.id, revoked.id].sort());
    expect((await list()).map((s) => s.ended)).toEqual([null, null]);
    expect((await app.request(`/v1/shares/${revoked.id}/revoke`, postJson('bob', {}))).status).toBe(404);
    const revokedInfo = shareInfoSchema.parse(await (await app.request(`/v1/shares/${revoked.id}/revoke`, postJson('alice', {}))).json());
    expect(revokedInfo.revokedAt).toBe(new Date(TEST_NOW).toISOString());
    expect(await (await download(revoked.id)).json()).toMatchObject({ error: { code: 'share_revoked', endedAt: revokedInfo.revokedAt } });
    advance(3_600_000);
    const expired = await app.request(`/v1/public/shares/${kept.id}`);
    expect(expired.status).toBe(410);
    expect(await expired.json()).toMatchObject({ error: { code: 'share_expired', endedAt: kept.expiresAt } });
    // Ended shares stay listed, with why and since when, the latest ended first, for ENDED_SHARE_KEPT_DAYS.
    const fresh = await share();
    expect((await list()).map((s) => [s.id, s.ended])).toEqual([
      [fresh.id, null],
      [kept.id, { code: 'share_expired', at: kept.expiresAt }],
      [revoked.id, { code: 'share_revoked', at: revokedInfo.revokedAt }],
    ]);
    advance(ENDED_SHARE_KEPT_DAYS * 86_400_000 - 1);
    expect((await list()).map((s) => s.id)).toEqual([fresh.id, kept.id]);
    advance(1);
    expect((await list()).map((s) => [s.id, s.ended?.code])).toEqual([[fresh.id, 'share_expired']]);
    advance(3_600_000);
    expect(await list()).toEqual([]);
    expect([...storage.bodies.keys()]).toEqual([]);
    expect((await app.request(`/v1/public/shares/${kept.id}`)).status).toBe(404);
  });

  it('signs a direct link for up to 7 days, past the configured URL maximum', async () => {
    const { app } = setup();
    const response = await app.request('/v1/shares/direct', postJson('alice', { key: 'files/a.bin', expiresIn: 604_800 }));
    const body = (await response.json()) as { url: string };
    expect(new URL(body.url).searchParams.get('X-Amz-Expires')).toBe('604800');
    expect(new URL(body.url).pathname).toBe('/test-bucket/users/alice/files/a.bin');
  });
});
