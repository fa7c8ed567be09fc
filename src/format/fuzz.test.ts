/** Property tests: random sizes round-trip; every random flip, truncation and splice of a valid file is rejected. */
import { describe, expect, it } from 'vitest';
import { CHUNK_SIZE, createEncryptor, decryptStream, FormatError } from './index';
import { concat } from './bytes';
import { meta, pattern, run } from './test-helpers';

/** Seeded xorshift32 so a failure can be replayed. */
function prng(seed: number): (below: number) => number {
  let x = seed >>> 0 || 1;
  return (below) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % below;
  };
}

async function encryptWithKey(plaintext: Uint8Array, fileKey: Uint8Array): Promise<Uint8Array> {
  const enc = await createEncryptor({ metadata: meta(plaintext.length), recipients: [{ type: 'public-key', publicKey: new Uint8Array(32).fill(9) }], fileKey });
  const { output, error } = await run(enc.stream(), plaintext);
  if (error !== undefined) throw error instanceof Error ? error : new Error(`encryption failed: ${typeof error}`);
  return output;
}

function mutate(file: Uint8Array, other: Uint8Array, rand: (below: number) => number): Uint8Array {
  const at = rand(file.length);
  switch (rand(5)) {
    case 0: {
      const out = file.slice();
      out[at] = (out[at] ?? 0) ^ (1 + rand(255));
      return out;
    }
    case 1:
      return file.subarray(0, at);
    case 2: {
      const junk = pattern(1 + rand(40), rand(1000) + 1);
      return concat(file.subarray(0, at), junk, file.subarray(at));
    }
    case 3:
      return concat(file.subarray(0, at), file.subarray(Math.min(file.length, at + 1 + rand(64))));
    default: {
      const from = rand(other.length);
      const length = 1 + rand(Math.min(200, other.length - from));
      return concat(file.subarray(0, at), other.subarray(from, from + length), file.subarray(at + length));
    }
  }
}

const differs = (a: Uint8Array, b: Uint8Array): boolean => a.length !== b.length || a.some((v, i) => v !== b[i]);

describe('fuzz', () => {
  it('round-trips random sizes in random pieces', async () => {
    const rand = prng(42);
    for (let i = 0; i < 40; i++) {
      const size = rand(4) === 0 ? rand(3 * CHUNK_SIZE) : rand(3000);
      const plaintext = pattern(size, i + 1);
      const fileKey = pattern(32, i + 100);
      const file = await encryptWithKey(plaintext, fileKey);
      const { output, error } = await run(decryptStream({ type: 'file-key', fileKey }), file, 1 + rand(200_000));
      expect(error).toBeUndefined();
      expect(output.length === size && !differs(output, plaintext)).toBe(true);
    }
  });

  it('rejects 10,000 random mutations and never releases unauthenticated plaintext', async () => {
    const rand = prng(7);
    const fileKey = pattern(32, 5);
    const bases = await Promise.all(
      [0, 1, 100, 1000, CHUNK_SIZE + 300].map(async (size, i) => {
        const plaintext = pattern(size, i + 11);
        return { plaintext, file: await encryptWithKey(plaintext, fileKey) };
      }),
    );
    const codes = new Map<string, number>();
    let done = 0;
    while (done < 10_000) {
      const base = bases[done % 10 === 0 ? 4 : rand(4)] ?? bases[0];
      const other = bases[rand(bases.length)] ?? bases[0];
      if (base === undefined || other === undefined) throw new Error('no base files');
      const mutated = mutate(base.file, other.file, rand);
      if (!differs(mutated, base.file)) continue;
      // Small files in any pieces down to single bytes; the two-chunk file in pieces of 4 KiB and up.
      const piece = mutated.length < 5000 ? 1 + rand(mutated.length + 1) : 4096 + rand(mutated.length);
      const { output, error } = await run(decryptStream({ type: 'file-key', fileKey }), mutated, piece);
      if (!(error instanceof FormatError)) throw new Error(`mutation ${done} was not rejected with a FormatError: ${String(error)}`);
      const wholeChunks = output.length % CHUNK_SIZE === 0 && output.length < Math.max(1, base.plaintext.length);
      if (!wholeChunks || differs(output, base.plaintext.subarray(0, output.length))) {
        throw new Error(`mutation ${done} released ${output.length} bytes that are not authenticated whole chunks`);
      }
      codes.set(error.code, (codes.get(error.code) ?? 0) + 1);
      done++;
    }
    expect([...codes.keys()].sort()).toEqual(expect.arrayContaining(['tampered', 'truncated', 'wrong-key']));
  }, 120_000);
});
