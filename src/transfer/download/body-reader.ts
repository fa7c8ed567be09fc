/**
 * Reads a response body in pieces of exact lengths - a download's sealed chunks - into buffers the caller owns.
 *
 * Where the browser offers it (Chromium, Firefox), a BYOB reader fills the caller's buffer straight from the network:
 * no buffer is made per network read and none per chunk, so a long download leaves no garbage behind in the page for
 * the collector to catch up with. Elsewhere, a default reader's pieces are copied into the caller's buffer.
 */

/** No bytes arrived for the time allowed: the connection stalled (or the browser never settled a read). */
export class StalledRead extends Error {}

/** How long one read may wait for bytes before the body counts as stalled: a minute, as browsers' own idle limits. */
export const STALL_MS = 60_000;

/**
 * `read`, or a StalledRead once `ms` pass without it settling; the reader is cancelled then, so nothing is left
 * waiting. Applies to each read from the network, not to a whole chunk: a slow connection that keeps sending is fine.
 */
function unlessStalled<T>(read: Promise<T>, ms: number, cancel: () => void): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // First the rejection: cancelling settles the waiting read (as done), which must not win the race.
      reject(new StalledRead(`no bytes arrived for ${Math.round(ms / 1000)} s`));
      cancel();
    }, ms);
  });
  return Promise.race([read, stalled]).finally(() => clearTimeout(timer));
}

/** One read: the bytes (a view over the buffer given, or its replacement after a BYOB read) - fewer at the body's end. */
export type Filled = Uint8Array<ArrayBuffer>;

/** Reads exact lengths from one body. */
export interface BodyReader {
  /**
   * Fills `buffer` from its start with the next `length` bytes, or fewer where the body ends. The buffer given is
   * consumed (a BYOB read moves it): use the returned view's buffer from then on.
   */
  readInto(buffer: ArrayBuffer, length: number): Promise<Filled>;
  /** Stops reading; the connection closes. */
  cancel(): void;
}

/** A BYOB read with the `min` option of the Streams standard (newer than TypeScript's DOM types). */
type ReadAtLeast = (view: Uint8Array<ArrayBuffer>, options: { min: number }) => Promise<ReadableStreamReadResult<Uint8Array<ArrayBuffer>>>;

function byobReader(body: ReadableStream<Uint8Array>, stallMs: number): BodyReader | undefined {
  let reader: ReadableStreamBYOBReader;
  try {
    reader = body.getReader({ mode: 'byob' });
  } catch {
    return undefined; // Not a byte stream here.
  }
  const read = reader.read.bind(reader) as ReadAtLeast;
  const cancel = () => void reader.cancel().catch(() => undefined);
  return {
    async readInto(buffer, length) {
      let current = buffer;
      let filled = 0;
      while (filled < length) {
        // `min` asks for the whole rest in one read where supported; elsewhere the loop gathers it.
        const { done, value } = await unlessStalled(read(new Uint8Array(current, filled, length - filled), { min: length - filled }), stallMs, cancel);
        if (value) {
          current = value.buffer;
          filled += value.byteLength;
        }
        if (done) break;
      }
      return new Uint8Array(current, 0, filled);
    },
    cancel,
  };
}

function copyingReader(body: ReadableStream<Uint8Array>, stallMs: number): BodyReader {
  const reader = body.getReader();
  const cancel = () => void reader.cancel().catch(() => undefined);
  /** Bytes read past the last length asked for, as views, uncopied. */
  const carry: Uint8Array[] = [];
  return {
    async readInto(buffer, length) {
      const out = new Uint8Array(buffer, 0, length);
      let filled = 0;
      while (filled < length) {
        const piece = carry.shift() ?? (await unlessStalled(reader.read(), stallMs, cancel)).value;
        if (piece === undefined) break;
        const take = Math.min(piece.length, length - filled);
        out.set(piece.subarray(0, take), filled);
        filled += take;
        if (take < piece.length) carry.unshift(piece.subarray(take));
      }
      return out.subarray(0, filled);
    },
    cancel() {
      carry.length = 0;
      cancel();
    },
  };
}

/**
 * A reader of exact lengths from `body`: BYOB where the browser offers it, else copying. A read that waits `stallMs`
 * for bytes fails with StalledRead, so that the caller can reconnect.
 */
export function openBodyReader(body: ReadableStream<Uint8Array>, stallMs = STALL_MS): BodyReader {
  return byobReader(body, stallMs) ?? copyingReader(body, stallMs);
}

/** A few chunk buffers, filled again and again: `take` one (or a new one), `give` it back when it is free. */
export interface ChunkBuffers {
  take(): ArrayBuffer;
  give(buffer: ArrayBuffer): void;
}

/** Buffers of `size` bytes, keeping at most `keep` free ones (buffers of another size are not kept). */
export function chunkBuffers(size: number, keep: number): ChunkBuffers {
  const free: ArrayBuffer[] = [];
  return {
    take: () => free.pop() ?? new ArrayBuffer(size),
    give(buffer) {
      if (buffer.byteLength === size && free.length < keep) free.push(buffer);
    },
  };
}
