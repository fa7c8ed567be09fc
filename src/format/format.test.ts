import { describe, expect, it } from 'vitest';
import {
  CHUNK_SIZE,
  createEncryptor,
  decryptStream,
  encryptedSize,
  FormatError,
  generateRecipientKeyPair,
  headerLength,
  HEADER_PREFIX_LENGTH,
  openHeader,
  reopenEncryptor,
  type Recipient,
} from './index';
import { createVault } from './vault';
import { meta, pattern, run, sameBytes, TEST_ARGON2 } from './test-helpers';

async function encrypt(plaintext: Uint8Array, recipients: Recipient[], piece = 100_000): Promise<Uint8Array> {
  const enc = await createEncryptor({ metadata: meta(plaintext.length), recipients });
  const { output, error } = await run(enc.stream(), plaintext, piece);
  expect(error).toBeUndefined();
  expect(output.length).toBe(enc.encryptedSize(plaintext.length));
  return output;
}

const pass: Recipient = { type: 'passphrase', passphrase: 'correct horse', argon2: TEST_ARGON2 };

describe('round trip', () => {
  for (const size of [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE + 5]) {
    it(`decrypts ${size} bytes written and read in odd pieces`, async () => {
      const plaintext = pattern(size, size + 1);
      const file = await encrypt(plaintext, [pass], 77_777);
      const dec = decryptStream({ type: 'passphrase', passphrase: 'correct horse' });
      const { output, error } = await run(dec, file, 12_345);
      expect(error).toBeUndefined();
      expect(sameBytes(output, plaintext)).toBe('same');
      await expect(dec.metadata).resolves.toEqual(meta(size));
    });
  }

  it('opens the same file with each of its recipients', async () => {
    const { masterKey } = await createVault('vault pass', { argon2: TEST_ARGON2 });
    const pair = await generateRecipientKeyPair();
    const plaintext = pattern(1000);
    const file = await encrypt(plaintext, [pass, { type: 'vault', masterKey }, { type: 'public-key', publicKey: pair.publicKey }]);
    const identities = [
      { type: 'passphrase', passphrase: 'correct horse' },
      { type: 'vault', masterKey },
      { type: 'private-key', privateKey: pair.privateKey, publicKey: pair.publicKey },
    ] as const;
    for (const identity of identities) {
      const opened = await openHeader(file, identity);
      const { output } = await run(opened.decryptStream(), file.subarray(opened.headerLength));
      expect(sameBytes(output, plaintext)).toBe('same');
    }
  });

  it('tells the header length from the prefix alone', async () => {
    const enc = await createEncryptor({ metadata: meta(5), recipients: [pass] });
    expect(headerLength(enc.header.subarray(0, HEADER_PREFIX_LENGTH))).toBe(enc.header.length);
    expect(encryptedSize(5, enc.header.length)).toBe(enc.header.length + 5 + 16);
  });

  it('re-encrypts a chunk to the same bytes, matching the stream', async () => {
    const plaintext = pattern(2 * CHUNK_SIZE + 10);
    const enc = await createEncryptor({ metadata: meta(plaintext.length), recipients: [pass] });
    const { output } = await run(enc.stream(), plaintext);
    const chunk1 = await enc.encryptChunk(1, plaintext.subarray(CHUNK_SIZE, 2 * CHUNK_SIZE), false);
    expect(sameBytes(await enc.encryptChunk(1, plaintext.subarray(CHUNK_SIZE, 2 * CHUNK_SIZE), false), chunk1)).toBe('same');
    const at = enc.header.length + CHUNK_SIZE + 16;
    expect(sameBytes(output.subarray(at, at + CHUNK_SIZE + 16), chunk1)).toBe('same');
    await expect(async () => enc.encryptChunk(1, plaintext.subarray(0, 5), false)).rejects.toThrow(RangeError);
  });

  it('reopens an encryptor from its header that seals chunks to the same bytes', async () => {
    const { masterKey } = await createVault('pw', { argon2: TEST_ARGON2 });
    const plaintext = pattern(CHUNK_SIZE + 3);
    const enc = await createEncryptor({ metadata: meta(plaintext.length), recipients: [{ type: 'vault', masterKey }] });
    const again = await reopenEncryptor(enc.header, { type: 'vault', masterKey });
    expect(sameBytes(again.header, enc.header)).toBe('same');
    const tail = plaintext.subarray(CHUNK_SIZE);
    expect(sameBytes(await again.encryptChunk(1, tail, true), await enc.encryptChunk(1, tail, true))).toBe('same');
  });

  it('refuses plaintext longer or shorter than metadata.size', async () => {
    for (const actual of [9, 11]) {
      const enc = await createEncryptor({ metadata: meta(10), recipients: [pass] });
      const { error } = await run(enc.stream(), pattern(actual));
      expect(error).toBeInstanceOf(FormatError);
      expect((error as FormatError).code).toBe('size-mismatch');
    }
  });
});

describe('random access', () => {
  it('decrypts only the chunks covering a range', async () => {
    const plaintext = pattern(3 * CHUNK_SIZE + 100, 9);
    const file = await encrypt(plaintext, [pass]);
    const opened = await openHeader(file, { type: 'passphrase', passphrase: 'correct horse' });
    const cases: [number, number][] = [[0, 0], [0, 1], [CHUNK_SIZE - 1, CHUNK_SIZE + 1], [CHUNK_SIZE, 2 * CHUNK_SIZE], [3 * CHUNK_SIZE + 50, plaintext.length], [0, plaintext.length]];
    for (const [from, to] of cases) {
      const r = opened.ciphertextRange(from, to);
      const got = await opened.decryptRange(file.subarray(r.start, r.end), r.firstChunk, from, to);
      expect(sameBytes(got, plaintext.subarray(from, to))).toBe('same');
    }
    const r = opened.ciphertextRange(CHUNK_SIZE, CHUNK_SIZE + 1);
    expect(r).toEqual({ start: opened.headerLength + CHUNK_SIZE + 16, end: opened.headerLength + 2 * (CHUNK_SIZE + 16), firstChunk: 1 });
    const bad = file.slice(r.start, r.end);
    bad[5] = (bad[5] ?? 0) ^ 1;
    await expect(opened.decryptRange(bad, 1, CHUNK_SIZE, CHUNK_SIZE + 1)).rejects.toMatchObject({ code: 'tampered' });
    await expect(opened.decryptRange(bad.subarray(1), 1, CHUNK_SIZE, CHUNK_SIZE + 1)).rejects.toMatchObject({ code: 'truncated' });
    expect(() => opened.ciphertextRange(0, plaintext.length + 1)).toThrow(RangeError);
  });
});

describe('one chunk at a time', () => {
  it('opens each chunk by its index, the final one with the last-chunk flag', async () => {
    const plaintext = pattern(2 * CHUNK_SIZE + 10, 3);
    const file = await encrypt(plaintext, [pass]);
    const opened = await openHeader(file, { type: 'passphrase', passphrase: 'correct horse' });
    const at = (i: number) => opened.headerLength + i * (CHUNK_SIZE + 16);
    expect(sameBytes(await opened.decryptChunk(1, file.subarray(at(1), at(2))), plaintext.subarray(CHUNK_SIZE, 2 * CHUNK_SIZE))).toBe('same');
    expect(sameBytes(await opened.decryptChunk(2, file.subarray(at(2))), plaintext.subarray(2 * CHUNK_SIZE))).toBe('same');
    // Chunk 1's bytes are not chunk 0, and a chunk of the wrong length is refused before any decryption.
    await expect(opened.decryptChunk(0, file.subarray(at(1), at(2)))).rejects.toMatchObject({ code: 'tampered' });
    await expect(opened.decryptChunk(2, file.subarray(at(2), file.length - 1))).rejects.toMatchObject({ code: 'truncated' });
    await expect(opened.decryptChunk(1, file.subarray(at(1), at(2) + 1))).rejects.toMatchObject({ code: 'trailing-data' });
    await expect(opened.decryptChunk(3, new Uint8Array(16))).rejects.toThrow(RangeError);
  });

  it('opens the one empty chunk of an empty file, which no plaintext range reaches', async () => {
    const file = await encrypt(new Uint8Array(0), [pass]);
    const opened = await openHeader(file, { type: 'passphrase', passphrase: 'correct horse' });
    const sealed = file.subarray(opened.headerLength);
    expect(sealed.length).toBe(16);
    expect((await opened.decryptChunk(0, sealed)).length).toBe(0);
    const bad = sealed.slice();
    bad[0] = (bad[0] ?? 0) ^ 1;
    await expect(opened.decryptChunk(0, bad)).rejects.toMatchObject({ code: 'tampered' });
  });
});
