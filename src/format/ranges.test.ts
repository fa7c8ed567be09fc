import { describe, expect, it } from 'vitest';
import { CHUNK_SIZE, chunkOffset, ciphertextRange, createEncryptor, objectSize, sealedChunkLength } from './index';
import { meta, pattern, run, TEST_ARGON2 } from './test-helpers';

const L = 200; // any header length: the mapping is arithmetic on it
const S = CHUNK_SIZE + 16;

describe('ciphertextRange', () => {
  it('maps a range inside the first chunk to the whole first chunk', () => {
    expect(ciphertextRange(L, 3 * CHUNK_SIZE, 10, 20)).toEqual({ start: L, end: L + S, firstChunk: 0, lastChunk: 0, finalChunk: 2, chunkStart: 0 });
  });

  it('maps a range crossing a chunk boundary to both chunks', () => {
    const r = ciphertextRange(L, 3 * CHUNK_SIZE, CHUNK_SIZE - 1, CHUNK_SIZE + 1);
    expect(r).toEqual({ start: L, end: L + 2 * S, firstChunk: 0, lastChunk: 1, finalChunk: 2, chunkStart: 0 });
  });

  it('ends a range at a chunk boundary without the next chunk', () => {
    const r = ciphertextRange(L, 3 * CHUNK_SIZE, CHUNK_SIZE, 2 * CHUNK_SIZE);
    expect(r).toEqual({ start: L + S, end: L + 2 * S, firstChunk: 1, lastChunk: 1, finalChunk: 2, chunkStart: CHUNK_SIZE });
  });

  it('takes the short final chunk with its own length', () => {
    const size = 2 * CHUNK_SIZE + 100;
    const r = ciphertextRange(L, size, 2 * CHUNK_SIZE + 50, size);
    expect(r).toEqual({ start: L + 2 * S, end: L + 2 * S + 116, firstChunk: 2, lastChunk: 2, finalChunk: 2, chunkStart: 2 * CHUNK_SIZE });
    expect(r.end).toBe(objectSize(L, size));
    expect(sealedChunkLength(size, 2)).toBe(116);
    expect(sealedChunkLength(size, 1)).toBe(S);
  });

  it('takes a full final chunk when the size is a multiple of the chunk size', () => {
    const r = ciphertextRange(L, 2 * CHUNK_SIZE, 2 * CHUNK_SIZE - 1, 2 * CHUNK_SIZE);
    expect(r).toMatchObject({ start: L + S, end: L + 2 * S, firstChunk: 1, lastChunk: 1, finalChunk: 1 });
    expect(r.end).toBe(objectSize(L, 2 * CHUNK_SIZE));
  });

  it('maps the whole file to the whole payload', () => {
    for (const size of [1, CHUNK_SIZE, 5 * CHUNK_SIZE + 7]) {
      const r = ciphertextRange(L, size, 0, size);
      expect([r.start, r.end]).toEqual([L, objectSize(L, size)]);
    }
  });

  it('fetches nothing for an empty range, also of an empty file', () => {
    expect(ciphertextRange(L, 0, 0, 0)).toEqual({ start: L, end: L, firstChunk: 0, lastChunk: -1, finalChunk: 0, chunkStart: 0 });
    expect(ciphertextRange(L, 3 * CHUNK_SIZE, 3 * CHUNK_SIZE, 3 * CHUNK_SIZE)).toMatchObject({ start: L + 2 * S, end: L + 2 * S, lastChunk: 1 });
    expect(objectSize(L, 0)).toBe(L + 16);
  });

  it('refuses ranges outside the file and sizes the format cannot hold', () => {
    expect(() => ciphertextRange(L, 10, 0, 11)).toThrow(RangeError);
    expect(() => ciphertextRange(L, 10, 5, 4)).toThrow(RangeError);
    expect(() => ciphertextRange(L, 10, -1, 4)).toThrow(RangeError);
    expect(() => ciphertextRange(L, 10, 0.5, 4)).toThrow(RangeError);
    expect(() => ciphertextRange(L, -1, 0, 0)).toThrow(RangeError);
    expect(() => ciphertextRange(L, 2 ** 53, 0, 0)).toThrow(RangeError);
  });

  it('handles offsets of files far larger than memory exactly', () => {
    const size = 2 ** 45 + 3; // 32 TiB
    const r = ciphertextRange(L, size, size - 1, size);
    expect(r.firstChunk).toBe(2 ** 26);
    expect(r.start).toBe(chunkOffset(L, 2 ** 26));
    expect(r.end).toBe(objectSize(L, size));
  });

  it('agrees with the bytes a real encryptor writes', async () => {
    const size = 3 * CHUNK_SIZE + 100;
    const plaintext = pattern(size, 3);
    const enc = await createEncryptor({ metadata: meta(size), recipients: [{ type: 'passphrase', passphrase: 'p', argon2: TEST_ARGON2 }] });
    const { output } = await run(enc.stream(), plaintext, 100_000);
    const headerLength = enc.header.length;
    expect(output.length).toBe(objectSize(headerLength, size));
    for (const index of [0, 1, 2, 3]) expect(chunkOffset(headerLength, index) + sealedChunkLength(size, index)).toBeLessThanOrEqual(output.length);
    expect(chunkOffset(headerLength, 3) + sealedChunkLength(size, 3)).toBe(output.length);
  });
});
