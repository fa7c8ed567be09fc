import { describe, expect, it } from 'vitest';
import { toBase64url, utf8 } from './bytes';
import { parseShareFragment } from './share-fragment';
import { MAX_SHARE_NAME_LENGTH } from './share-name';

const fileKey = new Uint8Array(32).map((_, i) => i);
const key = toBase64url(fileKey); // ends in "8": its two unused bits are zero
const wrapped = new Uint8Array(76).fill(7);

describe('share link fragments (SPEC section 10)', () => {
  it('parse every kind: key, password, direct, with and without a share name', () => {
    expect(parseShareFragment(`k1.${key}`)).toEqual({ secret: { kind: 'key', fileKey } });
    expect(parseShareFragment(`p1.${toBase64url(wrapped)}.f1.c2VhbGVkLW5hbWU`)).toEqual({ secret: { kind: 'password', wrapped }, name: 'f1.c2VhbGVkLW5hbWU' });
    const url = 'https://s3.example/b/k?X-Amz-Signature=1';
    expect(parseShareFragment(`d1.${toBase64url(utf8(url))}.k1.${key}`)).toEqual({ secret: { kind: 'key', fileKey }, url });
  });

  it('refuse non-canonical base64url in every part, and names longer than the largest a writer makes', () => {
    const cases: [string, string, string][] = [
      [`k1.${key.slice(0, -1)}9`, 'malformed-header', 'key'],
      [`k1.${key}=`, 'malformed-header', 'key'],
      [`k1.${key}A`, 'truncated', 'key'],
      [`k1.${key.slice(0, -3)}`, 'truncated', 'key'],
      [`k1.${key}.f1.c2VhbGVkLW5hbWV`, 'malformed-header', 'file name'],
      [`k1.${key}.f1.${'A'.repeat(MAX_SHARE_NAME_LENGTH - 2)}`, 'malformed-header', 'file name'],
      [`d1.aHR0cHM6Ly9zMy5leGFtcGxlL3h.k1.${key}`, 'malformed-header', 'address'],
      [`d1.${toBase64url(new Uint8Array([0xff, 0xfe]))}.k1.${key}`, 'malformed-header', 'address'],
      [`k2.${key}`, 'unsupported-version', 'link'],
      [`k1.${key}.f2.AAAA`, 'unsupported-version', 'link'],
      [`k1.${key}.f1`, 'truncated', 'link'],
      ['k1', 'truncated', 'link'],
    ];
    for (const [fragment, code, part] of cases) expect(() => parseShareFragment(fragment), fragment).toThrow(expect.objectContaining({ code, part }));
    // The longest name a writer makes still parses.
    expect(parseShareFragment(`k1.${key}.f1.${'A'.repeat(MAX_SHARE_NAME_LENGTH - 4)}Q`).name).toHaveLength(MAX_SHARE_NAME_LENGTH);
  });
});
