import { describe, expect, it } from 'vitest';
import { keyProblem, MAX_PARTS, newKeyProblem, NEW_KEY_SEGMENT_MAX_BYTES, MIN_PART_SIZE, partLength, planParts, prefixSchema } from './index.ts';

describe('key grammar', () => {
  it.each(['a', 'files/2f6c1e.bin', 'dir/with space/ü€😀', '100% done', '...', 'a.', '.hidden', 'x'.repeat(512)])('accepts %j', (key) => {
    expect(keyProblem(key)).toBeNull();
  });

  it.each(['', '.', '..', 'a/..', '%2e%2E/x', '/a', 'a/', 'a//b', 'a\\b', 'a\u0000', 'a\u0085b', 'x'.repeat(513), 'é'.repeat(257)])(
    'refuses %j',
    (key) => {
      expect(keyProblem(key)).not.toBeNull();
    },
  );

  it('holds only keys of new objects to 255 bytes a segment, in UTF-8', () => {
    const longest = `${'x'.repeat(NEW_KEY_SEGMENT_MAX_BYTES)}/${'é'.repeat(127)}`;
    expect(newKeyProblem(longest)).toBeNull();
    for (const key of [`files/${'x'.repeat(256)}`, `${'é'.repeat(128)}/a`]) {
      expect(keyProblem(key)).toBeNull();
      expect(newKeyProblem(key)).toMatch(/segment longer than 255 bytes/);
    }
    expect(newKeyProblem('../a')).toBe(keyProblem('../a'));
  });

  it('accepts listing prefixes with one trailing slash', () => {
    expect(prefixSchema.safeParse('').success).toBe(true);
    expect(prefixSchema.safeParse('files/').success).toBe(true);
    expect(prefixSchema.safeParse('files//').success).toBe(false);
    expect(prefixSchema.safeParse('../').success).toBe(false);
  });
});

describe('planParts', () => {
  const MiB = 1024 * 1024;
  it.each([1, 5 * MiB, 5 * MiB + 1, 1024 * MiB, 48 * 1024 * MiB, 5 * 1024 ** 4])('cuts %d bytes into valid parts', (size) => {
    for (const chunkSize of [1, 65_536, 65_552, 4 * MiB + 16]) {
      const { partSize, partCount } = planParts(size, chunkSize);
      expect(partSize % chunkSize).toBe(0);
      expect(partSize).toBeGreaterThanOrEqual(MIN_PART_SIZE);
      expect(partCount).toBeLessThanOrEqual(MAX_PARTS);
      expect(partSize * partCount).toBeGreaterThanOrEqual(size);
      expect(partLength(size, partSize, partCount)).toBeGreaterThan(0);
      expect(partLength(size, partSize, partCount)).toBeLessThanOrEqual(partSize);
    }
  });
});
