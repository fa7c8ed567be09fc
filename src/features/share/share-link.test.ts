import { describe, expect, it } from 'vitest';
import { formatShareLink, parseShareLink, type ShareLink } from './share-link';

const fileKey = new Uint8Array(32).map((_, i) => i);
const wrapped = new Uint8Array(76).fill(7);
const split = (link: string) => {
  const url = new URL(link);
  return parseShareLink(url.pathname, url.hash);
};

describe('share links', () => {
  const id = 'AAAAAAAAAAAAAAAAAAAAAA';
  it.each<[string, ShareLink]>([
    ['key', { kind: 'stored', id, secret: { kind: 'key', fileKey } }],
    ['password', { kind: 'stored', id, secret: { kind: 'password', wrapped } }],
    ['direct', { kind: 'direct', url: 'http://127.0.0.1:8788/coffer/users/a/files/x?X-Amz-Signature=ab', secret: { kind: 'key', fileKey } }],
    ['direct with password', { kind: 'direct', url: 'https://s3.example/x?a=b.c', secret: { kind: 'password', wrapped } }],
    ['key and name', { kind: 'stored', id, secret: { kind: 'key', fileKey }, name: 'f1.c2VhbGVkLW5hbWU' }],
    ['password and name', { kind: 'stored', id, secret: { kind: 'password', wrapped }, name: 'f1.c2VhbGVkLW5hbWU' }],
    ['direct with name', { kind: 'direct', url: 'https://s3.example/x?a=b.c', secret: { kind: 'key', fileKey }, name: 'f1.c2VhbGVkLW5hbWU' }],
  ])('round-trips a %s link', (_, link) => {
    expect(split(formatShareLink('https://vault.example', link))).toEqual(link);
  });

  it('puts the key in the fragment as k1.<base64url>', () => {
    const text = formatShareLink('https://vault.example', { kind: 'stored', id, secret: { kind: 'key', fileKey } });
    expect(text).toBe(`https://vault.example/s/${id}#k1.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8`);
  });

  it.each([
    [`/s/${id}`, '', /no key part/],
    [`/s/${id}`, '#k1.AAEC', /incomplete/],
    [`/s/${id}`, '#k1.AA*C', /damaged/],
    [`/s/${id}`, '#k2.AAEC', /newer kind/],
    [`/s/${id}`, '#d1.aHR0cA.k1.AAEC', /does not match/],
    ['/s/short', '#k1.AAEC', /not a Coffer share link/],
    ['/s/direct', '#k1.AAEC', /direct link is damaged/],
    ['/s/direct', '#d1.ZmlsZTovL3g.k1.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8', /not a web address/],
    [`/s/${id}`, '#k1.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8.f2.AAAA', /newer kind/],
    [`/s/${id}`, '#k1.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8.f1', /incomplete/],
    [`/s/${id}`, '#k1.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8.f1.AA*A', /file name is damaged/],
    [`/s/${id}`, `#k1.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8.f1.${'A'.repeat(6000)}`, /file name is damaged/],
    [`/s/${id}`, '#k1.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8.f1.AAAA.x', /incomplete/],
    // Non-canonical base64url: the same bytes with nonzero unused bits in the last character, or with padding.
    [`/s/${id}`, '#k1.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh9', /key is damaged/],
    [`/s/${id}`, '#k1.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=', /key is damaged/],
    [`/s/${id}`, '#k1.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8.f1.c2VhbGVkLW5hbWV', /file name is damaged/],
    ['/s/direct', '#d1.aHR0cHM6Ly9zMy5leGFtcGxlL3h.k1.AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8', /address is damaged/],
  ])('refuses %s%s', (path, hash, message) => {
    expect(() => parseShareLink(path, hash)).toThrow(message);
  });
});
