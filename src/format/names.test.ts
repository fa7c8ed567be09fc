import { describe, expect, it } from 'vitest';
import { FILE_KEY_SEGMENT_LENGTH, fileObjectKey, fileObjectParts, MAX_SEALED_NAME_LENGTH, newFileId, openName, openNames, sealName } from './names';
import { toBase64url, fromBase64url } from './bytes';
import { createVault } from './vault';
import { TEST_ARGON2 } from './test-helpers';

const metadata = { name: 'Album/2024/Märchen – beach.jpg', type: 'image/jpeg', size: 3_141_592, modified: 1_764_201_600_000 };

async function vaultKey() {
  return (await createVault('names test passphrase', { argon2: TEST_ARGON2 })).masterKey;
}

describe('sealed names', () => {
  it('round-trip metadata through a key-safe token that differs every time', async () => {
    const key = await vaultKey();
    const a = await sealName(key, metadata);
    const b = await sealName(key, metadata);
    expect(a).toMatch(/^n1\.[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(await openName(key, a ?? '')).toEqual(metadata);
  });

  it('open in a batch, null for each token that does not open', async () => {
    const key = await vaultKey();
    const other = { ...metadata, name: 'renamed.jpg' };
    const tokens = [(await sealName(key, metadata)) ?? '', 'n1.AAAA', (await sealName(key, other)) ?? '', 'n2.x'];
    expect(await openNames(key, tokens)).toEqual([metadata, null, other, null]);
  });

  it('refuse a changed token, and one sealed by another vault', async () => {
    const key = await vaultKey();
    const token = (await sealName(key, metadata)) ?? '';
    const bytes = fromBase64url(token.slice(3)) ?? new Uint8Array();
    bytes[20] = (bytes[20] ?? 0) ^ 1;
    await expect(openName(key, `n1.${toBase64url(bytes)}`)).rejects.toMatchObject({ code: 'wrong-key' });
    await expect(openName(await vaultKey(), token)).rejects.toMatchObject({ code: 'wrong-key' });
    await expect(openName(key, 'n2.AAAA')).rejects.toMatchObject({ code: 'unsupported-version' });
    await expect(openName(key, 'n1.!!')).rejects.toMatchObject({ code: 'malformed-header' });
  });

  it('leave names too long for an object key to the header', async () => {
    const key = await vaultKey();
    const long = { ...metadata, name: `${'deeply/nested/'.repeat(30)}file.txt` };
    expect(await sealName(key, long)).toBeUndefined();
    const fits = (await sealName(key, { ...metadata, name: 'x'.repeat(250) })) ?? '';
    expect(fits.length).toBeLessThanOrEqual(MAX_SEALED_NAME_LENGTH);
  });

  it('base64url encodes like RFC 4648 without padding', () => {
    expect(toBase64url(new Uint8Array([]))).toBe('');
    expect(toBase64url(new Uint8Array([0xfb]))).toBe('-w');
    expect(toBase64url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
    expect(toBase64url(new Uint8Array([0x66, 0x6f, 0x6f]))).toBe('Zm9v');
  });
});

describe('file object keys', () => {
  const id = '2f6c1e0a9b8d7c6e5f4a3b2c1d0e9f8a';

  it('cut <id>.<token> into segments of at most 200 characters and join them again', async () => {
    const key = await vaultKey();
    for (const name of ['a.txt', 'x'.repeat(120), 'x'.repeat(250)]) {
      const token = (await sealName(key, { ...metadata, name })) ?? '';
      const objectKey = fileObjectKey(id, token);
      const segments = objectKey.split('/');
      expect(segments[0]).toBe('files');
      for (const segment of segments.slice(1)) expect(segment.length).toBeLessThanOrEqual(FILE_KEY_SEGMENT_LENGTH);
      expect(segments.slice(1).join('')).toBe(`${id}.${token}`);
      expect(fileObjectParts(objectKey)).toEqual({ id, token });
      expect(await openName(key, fileObjectParts(objectKey).token ?? '')).toEqual({ ...metadata, name });
    }
    const longest = fileObjectKey(id, `n1.${'A'.repeat(MAX_SEALED_NAME_LENGTH - 3)}`);
    expect(longest.split('/').map((segment) => segment.length)).toEqual([5, 200, 200, 73]);
  });

  it('read keys of one segment (written before keys were cut) and keys without a token', () => {
    expect(fileObjectParts(`files/${id}.n1.${'B'.repeat(400)}`)).toEqual({ id, token: `n1.${'B'.repeat(400)}` });
    expect(fileObjectKey(id)).toBe(`files/${id}`);
    expect(fileObjectParts(`files/${id}`)).toEqual({ id });
  });

  it('make fresh ids of 32 lower-case hex digits', () => {
    const fresh = newFileId();
    expect(fresh).toMatch(/^[0-9a-f]{32}$/);
    expect(newFileId()).not.toBe(fresh);
    expect(newFileId((n) => new Uint8Array(n).fill(0xab))).toBe('ab'.repeat(16));
  });
});
