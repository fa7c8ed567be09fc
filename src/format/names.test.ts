import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url, utf8 } from './bytes';
import { createEncryptor } from './encrypt';
import { checkNameBinding, openFileObject } from './file-object';
import { encodeMetadata } from './metadata';
import {
  FILE_KEY_SEGMENT_LENGTH,
  fileObjectKey,
  fileObjectParts,
  HEADER_COMMITMENT_LENGTH,
  headerCommitment,
  LABEL_SEALED_NAME,
  MAX_SEALED_NAME_LENGTH,
  newFileId,
  openName,
  openNames,
  SEALED_NAME_PURPOSE,
  sealName,
  sealToken,
} from './names';
import { rewrapHeader } from './rewrap';
import { TEST_ARGON2 } from './test-helpers';
import type { FileMetadata } from './types';
import { createVault, vaultSubkey } from './vault';

const metadata = { name: 'Album/2024/Märchen – beach.jpg', type: 'image/jpeg', size: 3_141_592, modified: 1_764_201_600_000 };
const id = '2f6c1e0a9b8d7c6e5f4a3b2c1d0e9f8a';
const otherId = '9d4e0b7a1c2f3e5d6b8a0c9e7f1d2b3a';

async function vaultKey() {
  return (await createVault('names test passphrase', { argon2: TEST_ARGON2 })).masterKey;
}

/** The header of a fresh vault file with these details, as an upload makes it before its key. */
async function headerFor(masterKey: CryptoKey, details: FileMetadata = metadata): Promise<Uint8Array> {
  return (await createEncryptor({ metadata: details, recipients: [{ type: 'vault', masterKey }] })).header;
}

async function seal(masterKey: CryptoKey, header: Uint8Array, details: FileMetadata = metadata, forId = id): Promise<string> {
  const token = await sealName(masterKey, forId, header, details);
  if (token === undefined) throw new Error('too long for a key');
  return token;
}

/** An n1 token as the first writers made it: no id, no header, the label alone as AAD. */
async function sealV1(masterKey: CryptoKey, details: FileMetadata = metadata): Promise<string> {
  const key = await vaultSubkey(masterKey, SEALED_NAME_PURPOSE);
  return sealToken(key, 'n1.', utf8(LABEL_SEALED_NAME), encodeMetadata(details), (n) => crypto.getRandomValues(new Uint8Array(n)));
}

describe('sealed names (n2)', () => {
  it('round-trip metadata and the header commitment through a key-safe token that differs every time', async () => {
    const key = await vaultKey();
    const header = await headerFor(key);
    const a = await seal(key, header);
    expect(a).toMatch(/^n2\.[A-Za-z0-9_-]+$/);
    expect(await seal(key, header)).not.toBe(a);
    const opened = await openName(key, id, a);
    expect(opened.metadata).toEqual(metadata);
    expect(opened.headerCommitment).toEqual(header.slice(header.length - 32, header.length - 32 + HEADER_COMMITMENT_LENGTH));
    expect(headerCommitment(header)).toEqual(opened.headerCommitment);
  });

  it('do not open under another file id: a token moved onto another object fails', async () => {
    const key = await vaultKey();
    const token = await seal(key, await headerFor(key));
    await expect(openName(key, otherId, token)).rejects.toMatchObject({ code: 'wrong-key' });
    await expect(openName(key, '', token)).rejects.toMatchObject({ code: 'wrong-key' });
  });

  it('refuse a changed token, one sealed by another vault, an unknown version and bytes that cannot be a token', async () => {
    const key = await vaultKey();
    const token = await seal(key, await headerFor(key));
    const bytes = fromBase64url(token.slice(3)) ?? new Uint8Array();
    bytes[20] = (bytes[20] ?? 0) ^ 1;
    await expect(openName(key, id, `n2.${toBase64url(bytes)}`)).rejects.toMatchObject({ code: 'wrong-key' });
    await expect(openName(await vaultKey(), id, token)).rejects.toMatchObject({ code: 'wrong-key' });
    await expect(openName(key, id, `n3.${token.slice(3)}`)).rejects.toMatchObject({ code: 'unsupported-version' });
    await expect(openName(key, id, 'n2.!!')).rejects.toMatchObject({ code: 'malformed-header' });
    await expect(openName(key, id, `n2.${'A'.repeat(MAX_SEALED_NAME_LENGTH)}`)).rejects.toMatchObject({ code: 'malformed-header' });
  });

  it('open in a batch, with the error code of each token that does not open', async () => {
    const key = await vaultKey();
    const other = { ...metadata, name: 'renamed.jpg' };
    const objects = [
      { id, token: await seal(key, await headerFor(key)) },
      { id, token: 'n2.AAAA' },
      { id: otherId, token: await seal(key, await headerFor(key, other), other, otherId) },
      { id: otherId, token: await seal(key, await headerFor(key)) },
      { id, token: 'n9.x' },
      { id, token: await sealV1(key, other) },
    ];
    const opened = await openNames(key, objects);
    expect(opened.map((o) => (typeof o === 'string' ? o : o.metadata))).toEqual([metadata, 'malformed-header', other, 'wrong-key', 'unsupported-version', other]);
  });

  it('leave names too long for an object key to the header; the commitment costs 16 bytes of name', async () => {
    const key = await vaultKey();
    const header = await headerFor(key);
    expect(await sealName(key, id, header, { ...metadata, name: `${'deeply/nested/'.repeat(30)}file.txt` })).toBeUndefined();
    // 440 characters: "n2." and 437 of base64url, 327 bytes: nonce 12, commitment 16, tag 16, metadata 283 (20 + name + type).
    const longest = { ...metadata, name: 'x'.repeat(283 - 20 - metadata.type.length) };
    const fits = await seal(key, header, longest);
    expect(fits.length).toBeLessThanOrEqual(MAX_SEALED_NAME_LENGTH);
    expect((await openName(key, id, fits)).metadata).toEqual(longest);
    expect(await sealName(key, id, header, { ...longest, name: `${longest.name}x` })).toBeUndefined();
  });

  it('base64url encodes like RFC 4648 without padding', () => {
    expect(toBase64url(new Uint8Array([]))).toBe('');
    expect(toBase64url(new Uint8Array([0xfb]))).toBe('-w');
    expect(toBase64url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
    expect(toBase64url(new Uint8Array([0x66, 0x6f, 0x6f]))).toBe('Zm9v');
  });
});

describe('sealed names (n1, read only)', () => {
  it('still open, under any file id, without a header commitment', async () => {
    const key = await vaultKey();
    const token = await sealV1(key);
    expect(await openName(key, id, token)).toEqual({ metadata });
    expect(await openName(key, otherId, token)).toEqual({ metadata });
    // The same ciphertext under the other prefix: another AAD, so it does not open.
    await expect(openName(key, id, `n2.${token.slice(3)}`)).rejects.toMatchObject({ code: 'wrong-key' });
  });
});

describe('a key checked against its object (download, preview, rename)', () => {
  it("opens a file under its key's name when the token was sealed for its id and header", async () => {
    const key = await vaultKey();
    const header = await headerFor(key);
    const renamed = { ...metadata, name: 'Album/2024/renamed.jpg' };
    const opened = await openFileObject({ masterKey: key }, fileObjectKey(id, await seal(key, header, renamed)), header);
    expect(opened.metadata).toEqual(renamed);
    expect(opened.file.metadata).toEqual(metadata);
  });

  it("refuses another file's bytes under a file's key, even with the same name, size, type and date", async () => {
    const key = await vaultKey();
    const token = await seal(key, await headerFor(key));
    const other = await headerFor(key); // another file, the same details
    await expect(openFileObject({ masterKey: key }, fileObjectKey(id, token), other)).rejects.toMatchObject({
      code: 'name-mismatch',
      message: expect.stringMatching(/another header is stored under it/),
    });
  });

  it('refuses a token moved onto another id, at download as at listing', async () => {
    const key = await vaultKey();
    const header = await headerFor(key);
    await expect(openFileObject({ masterKey: key }, fileObjectKey(otherId, await seal(key, header)), header)).rejects.toMatchObject({ code: 'name-mismatch' });
  });

  it("checks an n1 token's size, type and date against the header (it has no commitment)", async () => {
    const key = await vaultKey();
    const header = await headerFor(key);
    expect((await openFileObject({ masterKey: key }, fileObjectKey(id, await sealV1(key, { ...metadata, name: 'new.jpg' })), header)).metadata.name).toBe('new.jpg');
    for (const [change, says] of [
      [{ size: metadata.size + 1 }, /the name says 3141593 bytes, the header 3141592/],
      [{ type: 'text/html' }, /type “text\/html”, the header “image\/jpeg”/],
      [{ modified: metadata.modified + 1 }, /modified 2025-11-27T00:00:00.001Z, the header 2025-11-27T00:00:00.000Z/],
    ] as const) {
      const token = await sealV1(key, { ...metadata, ...change });
      await expect(openFileObject({ masterKey: key }, fileObjectKey(id, token), header)).rejects.toMatchObject({ code: 'name-mismatch', message: expect.stringMatching(says) });
    }
  });

  it('reads a key without a token, or with a token of an unknown version, by its header alone', async () => {
    const key = await vaultKey();
    const header = await headerFor(key);
    expect((await openFileObject({ masterKey: key }, fileObjectKey(id), header)).metadata).toEqual(metadata);
    expect((await openFileObject({ masterKey: key }, fileObjectKey(id, 'n9.AAAA'), header)).metadata).toEqual(metadata);
    await expect(openFileObject({ masterKey: key }, fileObjectKey(id, 'n2.AAAA'), header)).rejects.toMatchObject({ code: 'name-mismatch' });
  });

  it("binds a moved guest file's token to the vault header it gets, not to the inbox copy's", async () => {
    const key = await vaultKey();
    const guest = await createEncryptor({ metadata, recipients: [{ type: 'vault', masterKey: key }] });
    const { header, metadata: moved } = await rewrapHeader(guest.header, { type: 'vault', masterKey: key }, [{ type: 'vault', masterKey: key }]);
    const token = await seal(key, header, moved);
    expect((await openFileObject({ masterKey: key }, fileObjectKey(id, token), header)).metadata).toEqual(metadata);
    await expect(openFileObject({ masterKey: key }, fileObjectKey(id, token), guest.header)).rejects.toMatchObject({ code: 'name-mismatch' });
  });

  it('compares against the exact header even when more bytes follow it', async () => {
    const key = await vaultKey();
    const header = await headerFor(key);
    const name = await openName(key, id, await seal(key, header));
    expect(() => checkNameBinding(name, header, metadata)).not.toThrow();
    expect(headerCommitment(new Uint8Array([...header, 1, 2, 3]))).toEqual(name.headerCommitment);
    expect(() => headerCommitment(header.subarray(0, header.length - 1))).toThrow(/incomplete/);
  });
});

describe('file object keys', () => {
  it('cut <id>.<token> into segments of at most 200 characters and join them again', async () => {
    const key = await vaultKey();
    for (const name of ['a.txt', 'x'.repeat(120), 'x'.repeat(250)]) {
      const details = { ...metadata, name };
      const token = await seal(key, await headerFor(key, details), details);
      const objectKey = fileObjectKey(id, token);
      const segments = objectKey.split('/');
      expect(segments[0]).toBe('files');
      for (const segment of segments.slice(1)) expect(segment.length).toBeLessThanOrEqual(FILE_KEY_SEGMENT_LENGTH);
      expect(segments.slice(1).join('')).toBe(`${id}.${token}`);
      expect(fileObjectParts(objectKey)).toEqual({ id, token });
      expect((await openName(key, fileObjectParts(objectKey).id, fileObjectParts(objectKey).token ?? '')).metadata).toEqual(details);
    }
    const longest = fileObjectKey(id, `n2.${'A'.repeat(MAX_SEALED_NAME_LENGTH - 3)}`);
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
