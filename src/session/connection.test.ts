import { describe, expect, it } from 'vitest';
import { fragmentConnection, resolveConnection, stripFragmentConnection, type Connection } from './connection';

const origin = 'http://127.0.0.1:8787';
const mine: Connection = { endpoint: origin, token: 'alice-token-0123456789' };
const theirs: Connection = { endpoint: origin, token: 'mallory-token-0123456789' };

describe('a #token= fragment', () => {
  it('names a connection to this origin, or to its endpoint=', () => {
    expect(fragmentConnection({ origin, hash: '#token=alice-token-0123456789' })).toEqual(mine);
    expect(fragmentConnection({ origin, hash: '#token=t&endpoint=https%3A%2F%2Fvault.example.com%2F' })).toEqual({ endpoint: 'https://vault.example.com', token: 't' });
    expect(fragmentConnection({ origin, hash: '' })).toBeNull();
    expect(fragmentConnection({ origin, hash: '#k1.abc' })).toBeNull();
    expect(fragmentConnection({ origin, hash: '#token=t&endpoint=ftp%3A%2F%2Fx' })).toBeNull();
  });

  it('is used as it is only by a browser that has no connection; a different one is only offered', () => {
    expect(resolveConnection(theirs, null)).toEqual({ connection: theirs, offered: null });
    expect(resolveConnection(theirs, mine)).toEqual({ connection: mine, offered: theirs });
    expect(resolveConnection({ ...mine }, mine)).toEqual({ connection: mine, offered: null });
    expect(resolveConnection({ endpoint: 'https://elsewhere.example', token: mine.token }, mine)).toEqual({
      connection: mine,
      offered: { endpoint: 'https://elsewhere.example', token: mine.token },
    });
    expect(resolveConnection(null, mine)).toEqual({ connection: mine, offered: null });
  });

  it('leaves the address bar, other fragment parameters staying', () => {
    const urls: string[] = [];
    const history = { state: null, replaceState: (_s: unknown, _t: string, url: string) => urls.push(url) } as unknown as History;
    stripFragmentConnection({ pathname: '/files', search: '', hash: '#token=t&endpoint=x&view=grid' }, history);
    stripFragmentConnection({ pathname: '/files', search: '?q=1', hash: '#token=t' }, history);
    stripFragmentConnection({ pathname: '/files', search: '', hash: '#view=grid' }, history);
    expect(urls).toEqual(['/files#view=grid', '/files?q=1']);
  });
});
