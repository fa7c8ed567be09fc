import { describe, expect, it } from 'vitest';
import { guestUploadSchema, publicRequestSchema, requestInfoSchema, requestListSchema, type RequestInfo } from '../../protocol/index.ts';
import { createMemoryStorage, createTestApp, getAs, postJson, TEST_NOW } from '../testing.ts';

/** An X25519 public key as a request carries it (43 base64url characters). */
const PUBLIC_KEY = 'q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c';

function setup() {
  let now = TEST_NOW;
  const storage = createMemoryStorage();
  const { app } = createTestApp({ storage, clock: () => now });
  const create = async (body: Record<string, unknown> = {}): Promise<RequestInfo> => {
    const response = await app.request(
      '/v1/requests',
      postJson('alice', { title: 'Tax papers', expiresIn: 3600, maxFiles: 2, maxBytes: 1000, publicKey: PUBLIC_KEY, ...body }),
    );
    expect(response.status).toBe(201);
    return requestInfoSchema.parse(await response.json());
  };
  const sign = async (id: string, body: Record<string, unknown>): Promise<Response> =>
    app.request(`/v1/public/requests/${id}/uploads`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { app, storage, create, sign, advance: (ms: number) => (now += ms) };
}

async function codeOf(response: Response): Promise<[number, string]> {
  const body = (await response.json()) as { error?: { code: string } };
  return [response.status, body.error?.code ?? ''];
}

describe('file request routes', () => {
  it('keeps the record outside every user space and shows the guest only what it needs', async () => {
    const { app, storage, create } = setup();
    const info = await create();
    expect(info.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect([...storage.bodies.keys()].sort()).toEqual([`request-index/alice/${info.id}`, `requests/${info.id}.json`]);
    const guest = publicRequestSchema.parse(await (await app.request(`/v1/public/requests/${info.id}`)).json());
    expect(guest).toEqual({
      title: 'Tax papers',
      expiresAt: new Date(TEST_NOW + 3_600_000).toISOString(),
      publicKey: PUBLIC_KEY,
      filesLeft: 2,
      bytesLeft: 1000,
      maxObjectSize: 1024 ** 4,
    });
  });

  it("signs length-bound PUTs into the request's inbox only, and reserves files and bytes at signing", async () => {
    const { app, create, sign } = setup();
    const { id } = await create();
    const first = guestUploadSchema.parse(await (await sign(id, { contentLength: 600 })).json());
    const url = new URL(first.url);
    expect(url.pathname).toBe(`/test-bucket/users/alice/inbox/${id}/${first.receipt}`);
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toContain('content-length');
    expect(url.searchParams.get('x-id')).toBe('PutObject');
    // A guest cannot choose the object's ACL or type: both are signed, and the guest must send them as given.
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(['content-length', 'content-type', 'host', 'x-amz-acl']);
    expect(first.headers).toEqual({ 'content-type': 'application/octet-stream', 'x-amz-acl': 'private' });
    expect(first).toMatchObject({ filesLeft: 1, bytesLeft: 400 });
    expect(await codeOf(await sign(id, { contentLength: 401 }))).toEqual([413, 'request_too_large']);
    expect((await sign(id, { contentLength: 400 })).status).toBe(200);
    expect(await codeOf(await sign(id, { contentLength: 1 }))).toEqual([409, 'request_full']);
    const list = requestListSchema.parse(await (await app.request('/v1/requests', getAs('alice'))).json());
    expect(list.requests).toMatchObject([{ id, files: 2, bytes: 1000 }]);
  });

  it('never lets concurrent signing past the limits', async () => {
    const { create, sign } = setup();
    const { id } = await create({ maxFiles: 5, maxBytes: 10_000 });
    const statuses = await Promise.all(Array.from({ length: 20 }, () => sign(id, { contentLength: 10 }).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 409)).toHaveLength(15);
  });

  it('refuses uploads once the request expired or its owner closed it, and URLs never outlive it', async () => {
    const { app, create, sign, advance } = setup();
    const open = await create({ expiresIn: 120 });
    const signed = guestUploadSchema.parse(await (await sign(open.id, { contentLength: 1 })).json());
    expect(new URL(signed.url).searchParams.get('X-Amz-Expires')).toBe('120');
    advance(120_000);
    expect(await codeOf(await sign(open.id, { contentLength: 1 }))).toEqual([410, 'request_expired']);
    expect(await codeOf(await app.request(`/v1/public/requests/${open.id}`))).toEqual([410, 'request_expired']);

    const other = await create();
    expect(await codeOf(await app.request(`/v1/requests/${other.id}/close`, postJson('bob', {})))).toEqual([404, 'request_not_found']);
    const closed = requestInfoSchema.parse(await (await app.request(`/v1/requests/${other.id}/close`, postJson('alice', {}))).json());
    expect(closed.closedAt).not.toBeNull();
    expect(await codeOf(await sign(other.id, { contentLength: 1 }))).toEqual([410, 'request_closed']);
  });

  it("lists only the caller's requests", async () => {
    const { app, create } = setup();
    await create();
    const bobs = requestListSchema.parse(await (await app.request('/v1/requests', getAs('bob'))).json());
    expect(bobs.requests).toEqual([]);
  });
});

describe('the vault key pair object', () => {
  const object = (fill: number) => Buffer.concat([Buffer.from([0x89, 0x43, 0x46, 0x4b, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 1, 1]), Buffer.alloc(92, fill)]);
  const post = async (app: ReturnType<typeof setup>['app'], user: 'alice' | 'bob', bytes: Buffer): Promise<Response> =>
    app.request('/v1/requests/keypair', postJson(user, { object: bytes.toString('base64url') }));

  it('is stored once: a second one is refused, and of many at once exactly one is stored', async () => {
    const { app, storage } = setup();
    expect((await post(app, 'alice', object(1))).status).toBe(201);
    expect(await codeOf(await post(app, 'alice', object(2)))).toEqual([409, 'object_exists']);
    expect(Buffer.from(storage.bodies.get('users/alice/vault/keypair.coffer')?.body ?? '', 'base64url')).toEqual(object(1));
    const statuses = await Promise.all(Array.from({ length: 8 }, (_, i) => post(app, 'bob', object(10 + i)).then((r) => r.status)));
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(7);
  });

  it('refuses what is not a key pair object, and callers without a token', async () => {
    const { app } = setup();
    const wrongMagic = object(1);
    wrongMagic[3] = 0x52;
    expect(await codeOf(await post(app, 'alice', wrongMagic))).toEqual([400, 'invalid_request']);
    expect(await codeOf(await post(app, 'alice', object(1).subarray(0, 104)))).toEqual([400, 'invalid_request']);
    const anonymous = await app.request('/v1/requests/keypair', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(await codeOf(anonymous)).toEqual([401, 'unauthorized']);
  });
});

describe('file request abuse matrix', () => {
  const cases: [string, (id: string) => [string, RequestInit?], number, string][] = [
    ['a guest signs a GET', (id) => [`/v1/public/requests/${id}/uploads`, guest({ method: 'GET', contentLength: 1 })], 403, 'forbidden'],
    ['a guest signs a DELETE', (id) => [`/v1/public/requests/${id}/uploads`, guest({ method: 'DELETE', contentLength: 1 })], 403, 'forbidden'],
    ['a guest signs a HEAD', (id) => [`/v1/public/requests/${id}/uploads`, guest({ method: 'HEAD', contentLength: 1 })], 403, 'forbidden'],
    ['a guest names a key outside its inbox', (id) => [`/v1/public/requests/${id}/uploads`, guest({ key: '../../bob/files/x', contentLength: 1 })], 403, 'forbidden'],
    ['a guest names a key inside its inbox', (id) => [`/v1/public/requests/${id}/uploads`, guest({ key: `inbox/${id}/x`, contentLength: 1 })], 403, 'forbidden'],
    ['a guest sends an unknown field', (id) => [`/v1/public/requests/${id}/uploads`, guest({ contentLength: 1, prefix: 'x' })], 400, 'invalid_request'],
    ['a guest signs an empty upload', (id) => [`/v1/public/requests/${id}/uploads`, guest({ contentLength: 0 })], 400, 'invalid_request'],
    ['a guest signs one PUT over S3\'s single-PUT limit', (id) => [`/v1/public/requests/${id}/uploads`, guest({ contentLength: 5 * 1024 ** 3 + 1 })], 400, 'invalid_request'],
    ['a guest sends no JSON', (id) => [`/v1/public/requests/${id}/uploads`, { method: 'POST', body: 'x' }], 415, 'unsupported_media_type'],
    ['a malformed request id', () => ['/v1/public/requests/..%2Fshares', undefined], 404, 'request_not_found'],
    ['an unknown request id', () => ['/v1/public/requests/AAAAAAAAAAAAAAAAAAAAAA', undefined], 404, 'request_not_found'],
    ['signing for an unknown id', () => ['/v1/public/requests/AAAAAAAAAAAAAAAAAAAAAA/uploads', guest({ contentLength: 1 })], 404, 'request_not_found'],
    ['a guest lists requests', () => ['/v1/requests', undefined], 401, 'unauthorized'],
    ['a guest closes a request', (id) => [`/v1/requests/${id}/close`, { method: 'POST' }], 401, 'unauthorized'],
    ['an owner creates without a key', () => ['/v1/requests', postJson('alice', { title: 't', expiresIn: 3600, maxFiles: 1, maxBytes: 1 })], 400, 'invalid_request'],
    ['an owner sends a malformed key', () => ['/v1/requests', postJson('alice', { title: 't', expiresIn: 3600, maxFiles: 1, maxBytes: 1, publicKey: 'abc' })], 400, 'invalid_request'],
    ['an owner asks for more than 90 days', () => ['/v1/requests', postJson('alice', { title: 't', expiresIn: 91 * 86_400, maxFiles: 1, maxBytes: 1, publicKey: PUBLIC_KEY })], 400, 'invalid_request'],
    ['an owner gives an empty title', () => ['/v1/requests', postJson('alice', { title: ' ', expiresIn: 3600, maxFiles: 1, maxBytes: 1, publicKey: PUBLIC_KEY })], 400, 'invalid_request'],
    ['an owner closes a malformed id', () => ['/v1/requests/x/close', postJson('alice', {})], 404, 'request_not_found'],
  ];
  function guest(body: Record<string, unknown>): RequestInit {
    return { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  }
  for (const [name, build, status, code] of cases) {
    it(`${name}: ${status} ${code}`, async () => {
      const { app, create } = setup();
      const { id } = await create();
      const [path, init] = build(id);
      expect(await codeOf(await app.request(path, init))).toEqual([status, code]);
    });
  }
});
