/**
 * The abuse matrix of the share routes: bad ids, ended shares, another owner, malformed bodies. Each is a 4xx with a
 * stable code, never a 5xx; public answers never tell more than 404 (no such share) or 410 (ended, why and when).
 */
import { describe, expect, it } from 'vitest';
import { createMemoryStorage, createTestApp, postJson, TEST_NOW } from './testing.ts';

interface Case {
  name: string;
  path: string;
  init?: RequestInit;
  status: number;
  code: string;
}

const create = (name: string, change: Record<string, unknown>, code = 'invalid_request'): Case => ({
  name,
  path: '/v1/shares',
  init: postJson('alice', { key: 'files/a', expiresIn: 3600, headerLength: 200, ...change }),
  status: 400,
  code,
});
const publicCase = (name: string, path: string, status: number, code: string, method = 'POST'): Case => ({ name, path, init: { method }, status, code });

// Records present in every case: a live share of Alice's, one used up, one revoked, one expired.
const LIVE = 'LiveLiveLiveLiveLive00';
const USED = 'UsedUsedUsedUsedUsed00';
const REVOKED = 'RevokedRevokedRevoked0';
const EXPIRED = 'ExpiredExpiredExpired0';

function record(id: string, change: Record<string, unknown>) {
  const base = { v: 1, id, owner: 'alice', key: 'files/a', headerLength: 200, createdAt: new Date(TEST_NOW - 1000).toISOString() };
  return JSON.stringify({ ...base, expiresAt: new Date(TEST_NOW + 3_600_000).toISOString(), maxDownloads: null, downloads: 0, lastDownloadAt: null, revokedAt: null, ...change });
}

const cases: Case[] = [
  // Owner routes need a token
  { name: 'create without a token', path: '/v1/shares', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }, status: 401, code: 'unauthorized' },
  { name: 'list without a token', path: '/v1/shares', status: 401, code: 'unauthorized' },
  { name: 'revoke with a wrong token', path: `/v1/shares/${LIVE}/revoke`, init: { method: 'POST', headers: { authorization: 'Bearer nope-nope-nope-nope' } }, status: 401, code: 'unauthorized' },
  // Another owner, unknown and malformed ids
  { name: "revoke another owner's share", path: `/v1/shares/${LIVE}/revoke`, init: postJson('bob', {}), status: 404, code: 'share_not_found' },
  { name: 'revoke an unknown share', path: '/v1/shares/AAAAAAAAAAAAAAAAAAAAAA/revoke', init: postJson('alice', {}), status: 404, code: 'share_not_found' },
  { name: 'revoke a malformed id', path: '/v1/shares/..%2f..%2fusers/revoke', init: postJson('alice', {}), status: 404, code: 'share_not_found' },
  // Bodies
  create('traversal in the key', { key: '../bob/x' }, 'invalid_key'),
  create('expiry under ten seconds', { expiresIn: 9 }),
  create('expiry over a year', { expiresIn: 366 * 86_400 }),
  create('fractional expiry', { expiresIn: 60.5 }),
  create('expiry as a string', { expiresIn: '3600' }),
  create('zero downloads', { maxDownloads: 0 }),
  create('negative downloads', { maxDownloads: -1 }),
  create('downloads over the cap', { maxDownloads: 10_001 }),
  create('header length under the format minimum', { headerLength: 101 }),
  create('header length over the format maximum', { headerLength: 65_537 }),
  create('unknown field (an owner override)', { owner: 'bob' }),
  create('a password sent to the server', { password: 'hunter2' }),
  { name: 'create with malformed JSON', path: '/v1/shares', init: { ...postJson('alice', {}), body: '{"key":' }, status: 400, code: 'invalid_json' },
  { name: 'direct link over 7 days', path: '/v1/shares/direct', init: postJson('alice', { key: 'files/a', expiresIn: 604_801 }), status: 400, code: 'invalid_request' },
  { name: 'direct link with traversal', path: '/v1/shares/direct', init: postJson('alice', { key: '%2e%2e/bob/a', expiresIn: 60 }), status: 400, code: 'invalid_key' },
  // Public routes
  publicCase('unknown id', '/v1/public/shares/AAAAAAAAAAAAAAAAAAAAAA', 404, 'share_not_found', 'GET'),
  publicCase('id too short', '/v1/public/shares/abc/download', 404, 'share_not_found'),
  publicCase('id with a dot segment', '/v1/public/shares/%2e%2e/download', 404, 'not_found'),
  publicCase('record key as id', '/v1/public/shares/LiveLiveLiveLiveLive00.json', 404, 'share_not_found', 'GET'),
  publicCase('used up: download', `/v1/public/shares/${USED}/download`, 410, 'share_used_up'),
  publicCase('used up: state', `/v1/public/shares/${USED}`, 410, 'share_used_up', 'GET'),
  publicCase('revoked: header', `/v1/public/shares/${REVOKED}/header`, 410, 'share_revoked'),
  publicCase('revoked: download', `/v1/public/shares/${REVOKED}/download`, 410, 'share_revoked'),
  publicCase('expired: download', `/v1/public/shares/${EXPIRED}/download`, 410, 'share_expired'),
  publicCase('expired: header', `/v1/public/shares/${EXPIRED}/header`, 410, 'share_expired'),
  publicCase('GET on the download route', `/v1/public/shares/${LIVE}/download`, 404, 'not_found', 'GET'),
  publicCase('unknown sub-route', `/v1/public/shares/${LIVE}/revoke`, 404, 'not_found'),
];

function appWithRecords(rateLimit?: number) {
  const storage = createMemoryStorage();
  const write = (id: string, change: Record<string, unknown>) => storage.writeObject(`shares/${id}.json`, record(id, change));
  const ready = Promise.all([
    write(LIVE, {}),
    write(USED, { maxDownloads: 2, downloads: 2, lastDownloadAt: new Date(TEST_NOW - 100).toISOString() }),
    write(REVOKED, { revokedAt: new Date(TEST_NOW - 500).toISOString() }),
    write(EXPIRED, { expiresAt: new Date(TEST_NOW - 1).toISOString() }),
  ]);
  const { app } = createTestApp({ storage, config: { allowedOrigins: [], presignMaxExpires: 900, limits: { maxObjectSize: 1e12, ...(rateLimit ? { rateLimit } : {}) } } });
  return { app, storage, ready };
}

describe('share abuse matrix', () => {
  it('has at least 30 cases', () => expect(cases.length).toBeGreaterThanOrEqual(30));

  it.each(cases)('$name -> $status $code', async ({ path, init, status, code }) => {
    const { app, storage, ready } = appWithRecords();
    await ready;
    const before = JSON.stringify([...storage.bodies]);
    const response = await app.request(path, init);
    expect(response.status).toBe(status);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code, message: expect.any(String) } });
    expect(text).not.toMatch(/\bat .*\.ts:\d+/);
    expect(text).not.toContain('users/');
    if (status !== 201) expect(JSON.stringify([...storage.bodies])).toBe(before);
  });

  it('rate-limits a public share per id', async () => {
    const { app, ready } = appWithRecords(3);
    await ready;
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await app.request(`/v1/public/shares/${LIVE}`)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });
});
