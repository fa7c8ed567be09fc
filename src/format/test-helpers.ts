/** Helpers for the format's tests (not part of the public face). */
import type { Argon2Params, FileMetadata } from './types';

/** Argon2id cost small enough for tests and vectors (8 MiB would be slow x hundreds). */
export const TEST_ARGON2: Argon2Params = { memoryKiB: 64, iterations: 1, parallelism: 1 };

/** Deterministic pseudo-random bytes (xorshift32) for plaintexts; not for keys. */
export function pattern(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Metadata for a plaintext of `size` bytes. */
export function meta(size: number, name = 'report.pdf'): FileMetadata {
  return { name, type: 'application/pdf', size, modified: 1_700_000_000_000 };
}

/** Feeds `bytes` to a transform in pieces of `piece` bytes and collects what it releases, and its error if any. */
export async function run(
  stream: { readable: ReadableStream<Uint8Array>; writable: WritableStream<Uint8Array> },
  bytes: Uint8Array,
  piece = 65536,
): Promise<{ output: Uint8Array; error: unknown }> {
  const chunks: Uint8Array[] = [];
  const reading = (async () => {
    const reader = stream.readable.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      chunks.push(value);
    }
  })();
  const writer = stream.writable.getWriter();
  const writing = (async () => {
    for (let at = 0; at < bytes.length; at += piece) await writer.write(bytes.subarray(at, at + piece));
    await writer.close();
  })();
  const [r, w] = await Promise.allSettled([reading, writing]);
  const error: unknown = r.status === 'rejected' ? r.reason : w.status === 'rejected' ? w.reason : undefined;
  const output = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    output.set(c, at);
    at += c.length;
  }
  return { output, error };
}


/** Byte equality that stays fast on megabytes (deep equality walks element by element); returns a hex summary on mismatch. */
export function sameBytes(actual: Uint8Array, expected: Uint8Array): string {
  if (actual.length !== expected.length) return `length ${actual.length} != ${expected.length}`;
  for (let i = 0; i < actual.length; i++) if (actual[i] !== expected[i]) return `differs at byte ${i}`;
  return 'same';
}
