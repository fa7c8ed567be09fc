import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient } from './api-client.ts';

type Handler = (url: URL, init: RequestInit) => Response;

function clientWith(handler: Handler) {
  const calls: { url: URL; init: RequestInit }[] = [];
  const fetch = (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(String(input));
    calls.push({ url, init });
    return handler(url, init);
  }) as typeof globalThis.fetch;
  return { client: createApiClient({ baseUrl: 'https://vault.test/', token: 'tok', fetch }), calls };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('createApiClient', () => {
  it('sends the bearer token and a JSON body, and returns the validated answer', async () => {
    const signed = { url: 'https://s3.test/x', method: 'PUT', headers: {}, expiresAt: '2030-01-01T00:15:00.000Z' };
    const { client, calls } = clientWith(() => json(signed));
    expect(await client.presign({ method: 'PUT', key: 'a', contentLength: 3 })).toEqual(signed);
    const [call] = calls;
    expect(call?.url.href).toBe('https://vault.test/v1/presign');
    expect(call?.init.method).toBe('POST');
    expect(new Headers(call?.init.headers).get('authorization')).toBe('Bearer tok');
    expect(JSON.parse(String(call?.init.body))).toEqual({ method: 'PUT', key: 'a', contentLength: 3 });
  });

  it('with a token function, reads the token at every call (a client that outlives a change of token)', async () => {
    const seen: (string | null)[] = [];
    const fetch = (async (_input: string | URL | Request, init: RequestInit = {}) => {
      seen.push(new Headers(init.headers).get('authorization'));
      return json({ user: 'alice' });
    }) as typeof globalThis.fetch;
    let token = 'first-token';
    const client = createApiClient({ baseUrl: 'https://vault.test', token: () => token, fetch });
    await client.me();
    token = 'second-token';
    await client.me();
    expect(seen).toEqual(['Bearer first-token', 'Bearer second-token']);
  });

  it('moves an object with one POST and reads usage against the quota', async () => {
    const { client, calls } = clientWith((url) =>
      url.pathname === '/v1/objects/move'
        ? json({ key: 'files/b', size: 9 })
        : json({ usage: { bytes: 9, objects: 1 }, reserved: { bytes: 0, objects: 0 }, quota: { bytes: null, objects: 10 } }),
    );
    expect(await client.moveObject({ from: 'files/a', to: 'files/b' })).toEqual({ key: 'files/b', size: 9 });
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ from: 'files/a', to: 'files/b' });
    expect(await client.usage()).toEqual({ usage: { bytes: 9, objects: 1 }, reserved: { bytes: 0, objects: 0 }, quota: { bytes: null, objects: 10 } });
    expect(calls[1]?.url.pathname).toBe('/v1/me/usage');
  });

  it('throws ApiError with status, code, message and Retry-After', async () => {
    const { client } = clientWith(() => json({ error: { code: 'rate_limited', message: 'slow down' } }, 429, { 'retry-after': '7' }));
    const error = await client.me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', message: 'slow down', retryAfter: 7 });
  });

  it('refuses an answer that does not match the protocol', async () => {
    const { client } = clientWith(() => json({ user: 42 }));
    await expect(client.me()).rejects.toMatchObject({ code: 'invalid_response' });
    const { client: broken } = clientWith(() => new Response('<html>', { status: 502 }));
    await expect(broken.me()).rejects.toMatchObject({ status: 502, code: 'invalid_response' });
  });

  it('reports an unreachable endpoint as a network error', async () => {
    const { client } = clientWith(() => {
      throw new TypeError('fetch failed');
    });
    await expect(client.health()).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  it('follows cursors to list every object and every part', async () => {
    const { client, calls } = clientWith((url) => {
      if (url.pathname === '/v1/objects') {
        return url.searchParams.get('cursor') === null
          ? json({ objects: [{ key: 'a', size: 1, lastModified: '2030-01-01T00:00:00.000Z' }], nextCursor: 'YQ' })
          : json({ objects: [{ key: 'b', size: 2, lastModified: '2030-01-01T00:00:00.000Z' }] });
      }
      return url.searchParams.get('cursor') === null
        ? json({ parts: [{ partNumber: 1, size: 5, etag: '"e1"' }], nextCursor: 1 })
        : json({ parts: [{ partNumber: 2, size: 5, etag: '"e2"' }] });
    });
    expect((await client.listAllObjects('p/')).map((o) => o.key)).toEqual(['a', 'b']);
    expect(calls[1]?.url.search).toBe('?prefix=p%2F&cursor=YQ');
    expect((await client.multipart.listAllParts('k', 'u1')).map((p) => p.partNumber)).toEqual([1, 2]);
    expect(calls[3]?.url.search).toBe('?key=k&uploadId=u1&cursor=1');
  });
});
