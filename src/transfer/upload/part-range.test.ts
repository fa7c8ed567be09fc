import { describe, expect, it } from 'vitest';
import { CHUNK_SIZE, SEALED_CHUNK_SIZE, chunkCount, encryptedSize } from '../../format';
import { partRange } from './part-range';

const MiB = 1024 * 1024;

describe('partRange', () => {
  const header = 250;
  const plain = 23 * MiB + 7;
  const size = encryptedSize(plain, header);
  const partSize = 10 * SEALED_CHUNK_SIZE;

  it('tiles the object exactly: parts are contiguous and cover every byte once', () => {
    let next = 0;
    const count = Math.ceil(size / partSize);
    for (let n = 1; n <= count; n++) {
      const part = partRange(size, header, partSize, n);
      expect(part.objectStart).toBe(next);
      next = part.objectEnd;
    }
    expect(next).toBe(size);
    expect(() => partRange(size, header, partSize, count + 1)).toThrow(RangeError);
  });

  it('puts the header in part 1 and names the chunks at the edges of each part', () => {
    const first = partRange(size, header, partSize, 1);
    expect(first).toMatchObject({ headerEnd: header, firstChunk: 0, skip: 0 });
    // Part 1 holds the header, so its payload ends `header` bytes into chunk 9.
    expect(first.lastChunk).toBe(9);
    const second = partRange(size, header, partSize, 2);
    expect(second).toMatchObject({ headerEnd: header, firstChunk: 9, skip: SEALED_CHUNK_SIZE - header, lastChunk: 19 });
    const last = partRange(size, header, partSize, Math.ceil(size / partSize));
    expect(last.lastChunk).toBe(chunkCount(plain) - 1);
  });

  it('handles a part that holds only header bytes', () => {
    expect(partRange(100, 80, 50, 1)).toMatchObject({ objectStart: 0, objectEnd: 50, headerEnd: 50, lastChunk: -1 });
  });

  it('counts an empty file as one chunk', () => {
    expect(chunkCount(0)).toBe(1);
    expect(chunkCount(CHUNK_SIZE)).toBe(1);
    expect(chunkCount(CHUNK_SIZE + 1)).toBe(2);
  });
});
