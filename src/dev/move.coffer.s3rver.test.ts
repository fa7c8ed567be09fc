import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestStack } from './test-stack.ts';

const TOKENS = { alice: 'alice-token-0123456789', bob: 'bob-token-0123456789ab' };
type User = keyof typeof TOKENS;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('rename and usage over the embedded S3 (starts s3rver: CopyObject)', () => {
  const stack = useTestStack({ tokens: TOKENS, env: { COFFER_QUOTA_BYTES: '1000000' } });
  const api = (user: User, path: string, body?: unknown) => stack.api(user, path, body);

  async function put(user: User, key: string, content: Buffer): Promise<void> {
    const { json } = await api(user, '/v1/presign', { method: 'PUT', key, contentLength: content.length });
    expect((await fetch(String(json.url), { method: 'PUT', body: new Uint8Array(content) })).status).toBe(200);
  }

  async function get(user: User, key: string): Promise<{ status: number; bytes: Uint8Array }> {
    const { json } = await api(user, '/v1/presign', { method: 'GET', key });
    const response = await fetch(String(json.url));
    return { status: response.status, bytes: new Uint8Array(await response.arrayBuffer()) };
  }

  it('moves an object to a new key with identical bytes and removes the old key', async () => {
    const content = randomBytes(300_000);
    await put('alice', 'files/0a.n1.old', content);
    const moved = await api('alice', '/v1/objects/move', { from: 'files/0a.n1.old', to: 'files/0a.n1.new' });
    expect(moved).toEqual({ status: 200, json: { key: 'files/0a.n1.new', size: 300_000 } });
    const after = await get('alice', 'files/0a.n1.new');
    expect(after.status).toBe(200);
    expect(sha256(after.bytes)).toBe(sha256(content));
    expect((await get('alice', 'files/0a.n1.old')).status).toBe(404);
    const listed = await api('alice', '/v1/objects?prefix=files/');
    expect((listed.json.objects as { key: string }[]).map((o) => o.key)).toEqual(['files/0a.n1.new']);
  });

  it('cannot move another user’s object, and never overwrites', async () => {
    await put('alice', 'files/keep', Buffer.from('alice'));
    expect((await api('bob', '/v1/objects/move', { from: 'files/keep', to: 'files/taken' })).status).toBe(404);
    await put('alice', 'files/other', Buffer.from('other'));
    const clash = await api('alice', '/v1/objects/move', { from: 'files/keep', to: 'files/other' });
    expect(clash.status).toBe(409);
    expect(Buffer.from((await get('alice', 'files/other')).bytes).toString()).toBe('other');
    expect(Buffer.from((await get('alice', 'files/keep')).bytes).toString()).toBe('alice');
  });

  it('deletes a batch of the caller’s objects in one request', async () => {
    await put('alice', 'files/del-1', Buffer.from('1'));
    await put('alice', 'files/del-2', Buffer.from('2'));
    expect(await api('alice', '/v1/objects/delete', { keys: ['files/del-1', 'files/del-2'] })).toEqual({ status: 200, json: { deleted: 2 } });
    expect((await get('alice', 'files/del-1')).status).toBe(404);
    expect((await get('alice', 'files/del-2')).status).toBe(404);
  });

  it('reports usage against the quota, listed from S3 at the time of asking', async () => {
    const before = await api('bob', '/v1/me/usage');
    expect(before.json).toEqual({ usage: { bytes: 0, objects: 0 }, reserved: { bytes: 0, objects: 0 }, quota: { bytes: 1_000_000, objects: null } });
    await put('bob', 'files/b', randomBytes(4096));
    expect((await api('bob', '/v1/me/usage')).json.usage).toEqual({ bytes: 4096, objects: 1 });
  });
});
