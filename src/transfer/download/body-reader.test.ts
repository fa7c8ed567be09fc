import { describe, expect, it } from 'vitest';
import { openBodyReader, StalledRead } from './body-reader';

/** Bytes 0, 1, 2 ... (mod 251, so that a misplaced piece shows) of length n. */
function pattern(n: number, from = 0): Uint8Array<ArrayBuffer> {
  return Uint8Array.from({ length: n }, (_, i) => (from + i) % 251);
}

/** The body as a network gives it: pieces of uneven sizes; as a byte stream (BYOB-capable) or a default one. */
function body(total: number, pieces: number[], bytes: boolean): ReadableStream<Uint8Array> {
  let at = 0;
  let next = 0;
  const source = {
    pull(controller: { enqueue(chunk: Uint8Array<ArrayBuffer>): void; close(): void; byobRequest?: ReadableStreamBYOBRequest | null }) {
      if (at >= total) {
        controller.close();
        // A byte stream's pending BYOB read must be answered after close.
        controller.byobRequest?.respond(0);
        return;
      }
      const n = Math.min(pieces[next++ % pieces.length] as number, total - at);
      controller.enqueue(pattern(n, at));
      at += n;
    },
  };
  return bytes ? new ReadableStream({ ...source, type: 'bytes' } as UnderlyingByteSource) : new ReadableStream(source as UnderlyingDefaultSource<Uint8Array>);
}

describe.each([
  ['a byte stream (BYOB reads into the given buffer)', true],
  ['a default stream (pieces copied into the given buffer)', false],
])('openBodyReader over %s', (_, bytes) => {
  it('fills exact lengths across piece boundaries, and fewer at the end', async () => {
    const total = 3 * 1000 + 123;
    const reader = openBodyReader(body(total, [7, 1, 640, 333, 2048], bytes));
    let buffer = new ArrayBuffer(1000);
    const got: number[] = [];
    for (let at = 0; at < total; at += 1000) {
      const filled = await reader.readInto(buffer, 1000);
      expect(filled.length).toBe(Math.min(1000, total - at));
      expect(filled).toEqual(pattern(filled.length, at));
      got.push(filled.length);
      buffer = filled.buffer;
    }
    expect(got).toEqual([1000, 1000, 1000, 123]);
    expect((await reader.readInto(buffer, 1000)).length).toBe(0);
  });

  it('reads into the same memory again and again: the buffer handed back is the size given, reusable', async () => {
    const reader = openBodyReader(body(10_000, [4096], bytes));
    let buffer = new ArrayBuffer(2000);
    for (let i = 0; i < 5; i++) {
      const filled = await reader.readInto(buffer, 2000);
      expect(filled.byteOffset).toBe(0);
      expect(filled.buffer.byteLength).toBe(2000);
      expect(filled).toEqual(pattern(2000, i * 2000));
      buffer = filled.buffer;
    }
  });

  it('reads a length shorter than the buffer, leaving the rest of the body for the next read', async () => {
    const reader = openBodyReader(body(100, [100], bytes));
    const first = await reader.readInto(new ArrayBuffer(64), 10);
    expect(first).toEqual(pattern(10));
    const second = await reader.readInto(new ArrayBuffer(64), 64);
    expect(second).toEqual(pattern(64, 10));
  });
});

describe('a body that stops sending', () => {
  it.each([true, false])('fails the read with StalledRead and cancels the body (byte stream: %s)', async (bytes) => {
    let cancelled = false;
    const source = {
      start(controller: { enqueue(chunk: Uint8Array<ArrayBuffer>): void }) {
        controller.enqueue(pattern(10));
      },
      cancel() {
        cancelled = true;
      },
    };
    const stream = bytes ? new ReadableStream({ ...source, type: 'bytes' } as UnderlyingByteSource) : new ReadableStream(source as UnderlyingDefaultSource<Uint8Array>);
    const reader = openBodyReader(stream, 30);
    await expect(reader.readInto(new ArrayBuffer(100), 100)).rejects.toBeInstanceOf(StalledRead);
    expect(cancelled).toBe(true);
  });
});
