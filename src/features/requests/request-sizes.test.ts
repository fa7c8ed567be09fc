import { describe, expect, it } from 'vitest';
import { CHUNK_SIZE, createEncryptor, encryptedSize, generateRecipientKeyPair } from '../../format';
import { fileCapacity, HEADER_ALLOWANCE, storedBudget } from './request-sizes';

describe('a request limit in file bytes', () => {
  it('gives back exactly the number the owner typed', () => {
    for (const [bytes, files] of [
      [100_000_000, 10],
      [250_000, 2],
      [1, 1],
      [1_000_000_000_000, 1000],
      [CHUNK_SIZE * 3, 7],
    ] as const) {
      expect(fileCapacity(storedBudget(bytes, files), files)).toBe(bytes);
    }
  });

  it('leaves room for every file at its encrypted size, however the bytes are split between files', () => {
    const header = HEADER_ALLOWANCE; // the largest header a file counted here may have
    const budget = storedBudget(10 * CHUNK_SIZE + 5, 4);
    const splits = [
      [10 * CHUNK_SIZE + 5, 0, 0, 0],
      [CHUNK_SIZE + 1, CHUNK_SIZE + 1, CHUNK_SIZE + 1, 7 * CHUNK_SIZE + 2],
      [1, 1, 1, 10 * CHUNK_SIZE + 2],
    ];
    for (const sizes of splits) {
      const stored = sizes.reduce((sum, size) => sum + encryptedSize(size, header), 0);
      expect(stored).toBeLessThanOrEqual(budget);
    }
  });

  it('is 0 when no file is left or the bytes left hold no header', () => {
    expect(fileCapacity(1_000_000, 0)).toBe(0);
    expect(fileCapacity(HEADER_ALLOWANCE, 1)).toBe(0);
    expect(fileCapacity(storedBudget(0, 1), 1)).toBe(0);
    expect(fileCapacity(storedBudget(1, 1), 1)).toBe(1);
  });
});

describe('the header allowance', () => {
  it('holds the header of a guest file whose name and type take 276 bytes, with room for a P-256 stanza', async () => {
    const { publicKey } = await generateRecipientKeyPair();
    expect(publicKey.length).toBe(32); // X25519 here; a P-256 stanza is 33 bytes longer (65-byte key)
    const type = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    const name = `${'folder/'.repeat(20)}${'n'.repeat(276 - type.length - 140)}`;
    const { header } = await createEncryptor({ metadata: { name, type, size: 1, modified: 0 }, recipients: [{ type: 'public-key', publicKey }] });
    expect(header.length + 33).toBe(HEADER_ALLOWANCE);
  });
});
