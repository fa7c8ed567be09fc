import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkConnection, ConnectionCheckError, normaliseEndpoint } from './check-connection';

describe('normaliseEndpoint', () => {
  it('keeps origin and path, without trailing slashes', () => {
    expect(normaliseEndpoint(' https://vault.example.com/ ')).toEqual({ endpoint: 'https://vault.example.com' });
    expect(normaliseEndpoint('http://127.0.0.1:8787/coffer//')).toEqual({ endpoint: 'http://127.0.0.1:8787/coffer' });
  });

  it('refuses what is not an http(s) address of an endpoint alone', () => {
    for (const bad of ['vault.example.com', 'ftp://vault.example.com', 'https://u:p@vault.example.com', 'https://vault.example.com/?a=1', 'https://vault.example.com/#token=x']) {
      expect(normaliseEndpoint(bad), bad).toHaveProperty('problem');
    }
  });
});

describe('checkConnection (fetch answers as an endpoint, a dead host or another server would)', () => {
  const answer = (status: number, body: unknown) => async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  afterEach(() => vi.unstubAllGlobals());

  it('resolves with the user the endpoint names', async () => {
    vi.stubGlobal('fetch', answer(200, { user: 'alice' }));
    await expect(checkConnection({ endpoint: 'https://e.example', token: 't' })).resolves.toEqual({ user: 'alice' });
  });

  it('says a refused token, an unreachable endpoint and a server that is not Coffer apart', async () => {
    vi.stubGlobal('fetch', answer(401, { error: { code: 'unauthorized', message: 'bad token' } }));
    await expect(checkConnection({ endpoint: 'https://e.example', token: 't' })).rejects.toThrow('The server did not accept this token.');
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(checkConnection({ endpoint: 'https://e.example', token: 't' })).rejects.toThrow(/^Could not reach https:\/\/e\.example\./);
    vi.stubGlobal('fetch', async () => new Response('<html>hello</html>', { status: 200 }));
    const error = await checkConnection({ endpoint: 'https://e.example', token: 't' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionCheckError);
    expect((error as Error).message).toBe('https://e.example answered, but it is not a Coffer server.');
  });
});
