/**
 * The one way Coffer reads an encrypted object (SPEC.md 5.1): plaintext [start, end) as a stream - a whole download
 * is the range of the whole file - fetching only the sealed chunks that hold it. Every chunk is authenticated in a
 * worker - the final one with the last-chunk flag, decided by the authenticated size and never by the bytes
 * received - before any of its plaintext is released, in order. When the connection breaks or stalls (no bytes for a
 * minute), the read goes on with a Range request from the chunk it was receiving; a chunk that fails authentication
 * ends it with an error - never a silently truncated or altered file.
 *
 * A preview's reads come in windows that grow while the reader keeps reading, so a video player that seeks fetches
 * only what it plays; a whole download is one open-ended request, and bytes after the final chunk are refused.
 */
import * as Comlink from 'comlink';
import { CHUNK_SIZE, chunkCount, chunkOffset, ciphertextRange, FormatError, objectSize, SEALED_CHUNK_SIZE, sealedChunkLength } from '../../format';
import { httpError, isExpiredSignature, isTransient, sleep } from '../retry';
import type { CryptoPool } from '../workers';
import { chunkBuffers, openBodyReader, StalledRead, type BodyReader } from './body-reader';
import type { FileOpener } from '../crypto.worker';

/** Where an object's bytes come from. */
export interface ChunkFetch {
  /** A fresh pre-signed GET URL for the object. */
  signUrl(): Promise<string>;
  /** Connection attempts after a failure, per chunk. */
  retries?: number;
}

/** An encrypted object whose header has been authenticated. */
export interface RangeSource extends ChunkFetch {
  /** The authenticated header (exactly its length). */
  header: Uint8Array;
  /** The plaintext size, from the authenticated metadata. */
  plainSize: number;
  pool: CryptoPool;
  /** The vault master key (or keys, during a key rotation); or, for a share link, the file's own 32-byte key. */
  key: FileOpener;
}

/**
 * How an object is cut into chunks - chunk `i` holds plaintext from i * CHUNK_SIZE - and how a received chunk becomes
 * the plaintext released.
 */
export interface ChunkLayout {
  /** Plaintext size. */
  size: number;
  /** The whole object's length. */
  objectSize: number;
  /** The longest chunk as stored. */
  stride: number;
  /** Where chunk `index` starts in the object, and its length there. */
  offsetOf(index: number): number;
  lengthOf(index: number): number;
  /** The plaintext of chunk `index`; `reuse` takes back a buffer to read a later chunk into. */
  open(index: number, received: Uint8Array<ArrayBuffer>, reuse: (buffer: ArrayBuffer) => void): Promise<Uint8Array>;
}

/** How a whole download is followed and stopped. */
export interface WholeRead {
  signal?: AbortSignal;
  /** Plaintext bytes released so far. */
  onProgress?(released: number): void;
}

/** Reads plaintext ranges of one object. */
export interface PlainRangeReader {
  /** Plaintext [start, end) as a stream; errors (after the authentic bytes before it) if a chunk fails. */
  read(start: number, end: number): ReadableStream<Uint8Array>;
  /**
   * The whole file (an empty one's final chunk authenticated too) as a stream, and a promise that settles once every
   * byte was released and nothing follows the final chunk (or rejects with why not).
   */
  readAll(options?: WholeRead): { stream: ReadableStream<Uint8Array>; done: Promise<void> };
}

/** Chunks in the first window of a ranged read: 1 MiB, so playback starts after one small request. */
const FIRST_WINDOW = 2;
/** Largest window of a ranged read: 4 MiB per request keeps requests few while reading on; a seek wastes at most this. */
const MAX_WINDOW = 8;
/** Chunks fetched ahead and decrypting at once (spread over the worker pool); their plaintext is released in order. */
const DECRYPT_AHEAD = 4;
/** Chunk buffers kept for reuse: those a read has in flight, and a few more. */
const SPARE_BUFFERS = DECRYPT_AHEAD + 2;
/** A signed URL is reused for this long (the endpoint signs for minutes), then signed afresh. */
const URL_REUSE_MS = 60_000;

/** The body ended before the requested bytes: try again from where it stopped. */
class ShortBody extends Error {}

/** The object size a ranged answer declares in Content-Range, when the storage lets the page read it (CORS). */
function declaredTotal(response: Response): number | undefined {
  const match = /\/(\d+)$/.exec(response.headers.get('Content-Range') ?? '');
  return match ? Number(match[1]) : undefined;
}

/** The layout of an encrypted object: sealed chunks after the header, each opened in a worker of the pool. */
function sealedLayout(source: RangeSource): ChunkLayout {
  const L = source.header.length;
  const size = source.plainSize;
  return {
    size,
    objectSize: objectSize(L, size),
    stride: SEALED_CHUNK_SIZE,
    offsetOf: (index) => chunkOffset(L, index),
    lengthOf: (index) => sealedChunkLength(size, index),
    open: (index, sealed, reuse) =>
      source.pool
        .run((w) => w.decryptChunk(source.header, source.key, index, Comlink.transfer(sealed, [sealed.buffer])))
        .then(({ plaintext, buffer }) => {
          reuse(buffer);
          return plaintext;
        }),
  };
}

/** Creates a reader of plaintext ranges of the encrypted object `source` describes. */
export function createRangeReader(source: RangeSource): PlainRangeReader {
  return createChunkReader(source, sealedLayout(source));
}

/** What one read fetches and how. */
interface ReadPlan {
  /** Plaintext [start, end) released, from chunks [first, last]. */
  start: number;
  end: number;
  first: number;
  last: number;
  /** Chunks per request: the first window, and the most a window grows to. */
  firstWindow: number;
  maxWindow: number;
  /** Chunks the stream pulls before anyone reads. */
  ahead: number;
  /** The whole object: the read fails if anything follows its final chunk. */
  whole: boolean;
  signal?: AbortSignal;
  onProgress?(released: number): void;
}

/**
 * A reader of plaintext ranges of an object cut as `layout` says. Coffer's objects take createRangeReader; the
 * transfer benchmark reads a plain object through this same machinery.
 */
export function createChunkReader(source: ChunkFetch, layout: ChunkLayout): PlainRangeReader {
  const retries = source.retries ?? 8;
  const final = chunkCount(layout.size) - 1;
  let signed: { url: string; at: number } | undefined;

  async function url(fresh: boolean): Promise<string> {
    if (fresh || !signed || Date.now() - signed.at > URL_REUSE_MS) signed = { url: await source.signUrl(), at: Date.now() };
    return signed.url;
  }

  /**
   * GETs chunks [first, last] in one ranged request; for a whole read, to the object's end, so that bytes after the
   * final chunk show.
   */
  async function fetchWindow(first: number, last: number, whole: boolean, fresh: boolean, signal: AbortSignal): Promise<BodyReader> {
    const start = layout.offsetOf(first);
    const openEnded = whole && last === final;
    const end = openEnded ? '' : String(layout.offsetOf(last) + layout.lengthOf(last) - 1);
    const response = await fetch(await url(fresh), { headers: { Range: `bytes=${start}-${end}` }, signal });
    if (response.status !== 206 && !(response.status === 200 && start === 0 && openEnded)) {
      throw response.ok ? new Error(`storage ignored the Range request (HTTP ${response.status})`) : await httpError(response, whole ? 'send the file' : 'send part of the file');
    }
    const declared = declaredTotal(response);
    if (declared !== undefined && declared !== layout.objectSize) {
      void response.body?.cancel().catch(() => undefined);
      // A typed format error, so that it is told as a changed file (describe-error.ts), not by its words.
      const detail = `the file was changed in storage: it is ${declared} bytes, its header says ${layout.objectSize}`;
      throw new FormatError(declared < layout.objectSize ? 'truncated' : 'trailing-data', detail);
    }
    if (!response.body) throw new Error('storage sent no body');
    return openBodyReader(response.body);
  }

  function stream(plan: ReadPlan): { stream: ReadableStream<Uint8Array>; done: Promise<void> } {
    let settle!: { resolve: () => void; reject: (error: unknown) => void };
    const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    done.catch(() => undefined); // The caller may only watch the stream; the rejection stays theirs to see.
    /** Ends the read's requests when it fails or is cancelled, or when the caller's signal aborts. */
    const controller = new AbortController();
    const signal = plan.signal ? AbortSignal.any([controller.signal, plan.signal]) : controller.signal;
    const decrypting: { index: number; plaintext: Promise<Uint8Array> }[] = [];
    /**
     * Chunk buffers to fill again. A sealed chunk is read into one, moved to a worker, and moved back once decrypted,
     * so a read of any size reads into the same few buffers.
     */
    const buffers = chunkBuffers(layout.stride, SPARE_BUFFERS);
    let body: BodyReader | undefined;
    /** Next chunk to receive (those before it were received whole), and the last chunk of the open window. */
    let next = plan.first;
    let windowEnd = plan.first - 1;
    let windowSize = plan.firstWindow;
    let failures = 0;
    let fresh = false;
    let released = 0;

    /** Receives chunk `next` whole from the open window, opening the next window or reconnecting as needed. */
    async function receive(): Promise<Uint8Array<ArrayBuffer>> {
      for (;;) {
        try {
          if (!body || next > windowEnd) {
            body?.cancel();
            windowEnd = Math.min(plan.last, next + windowSize - 1);
            windowSize = Math.min(plan.maxWindow, windowSize * 2);
            body = await fetchWindow(next, windowEnd, plan.whole, fresh, signal);
            fresh = false;
          }
          const want = layout.lengthOf(next);
          const received = await body.readInto(buffers.take(), want);
          if (received.length < want) {
            buffers.give(received.buffer);
            throw new ShortBody(`the connection ended ${want - received.length} bytes early`);
          }
          failures = 0;
          return received;
        } catch (error) {
          signal.throwIfAborted();
          body?.cancel();
          body = undefined;
          const again = error instanceof ShortBody || error instanceof StalledRead || isTransient(error) || isExpiredSignature(error);
          if (!again || failures >= retries) throw error;
          fresh = isExpiredSignature(error);
          await sleep(Math.random() * Math.min(10_000, 300 * 2 ** failures++), signal);
        }
      }
    }

    /** Keeps up to DECRYPT_AHEAD chunks received and decrypting, then gives the oldest one's plaintext. */
    async function nextPlaintext(): Promise<{ index: number; plaintext: Uint8Array }> {
      while (decrypting.length < DECRYPT_AHEAD && next <= plan.last) {
        const index = next;
        const received = await receive();
        next++;
        const plaintext = layout.open(index, received, (buffer) => buffers.give(buffer));
        plaintext.catch(() => undefined); // Awaited in order below; a failure surfaces there.
        decrypting.push({ index, plaintext });
      }
      const oldest = decrypting.shift();
      if (!oldest) throw new Error('transfer: internal error: no chunk to release');
      return { index: oldest.index, plaintext: await oldest.plaintext };
    }

    /** Releases the next chunk's part of [start, end); after the last one, closes the stream. */
    async function pullOne(out: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
      if (plan.last < plan.first) return finish(out);
      const { index, plaintext } = await nextPlaintext();
      // Chunk `index` holds plaintext from index * CHUNK_SIZE: keep only the part inside [start, end).
      const offset = index * CHUNK_SIZE;
      const piece = plaintext.subarray(Math.max(0, plan.start - offset), Math.min(plaintext.length, plan.end - offset));
      released += piece.length;
      plan.onProgress?.(released);
      if (piece.length > 0) out.enqueue(piece);
      if (index === plan.last) await finish(out);
    }

    async function finish(out: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
      // Bytes after the final chunk mean the object is not what was written: refuse it.
      const extra = plan.whole && body ? await body.readInto(new ArrayBuffer(1), 1) : new Uint8Array(0);
      body?.cancel();
      if (extra.length > 0) throw new FormatError('trailing-data', 'the stored file has bytes after its final chunk');
      out.close();
      settle.resolve();
    }

    const readable = new ReadableStream<Uint8Array>(
      {
        async pull(out) {
          try {
            await pullOne(out);
          } catch (error) {
            controller.abort(error);
            settle.reject(error);
            throw error;
          }
        },
        cancel(reason) {
          controller.abort(reason);
          body?.cancel();
          settle.reject(reason instanceof Error ? reason : new Error('the download was cancelled'));
        },
      },
      { highWaterMark: plan.ahead },
    );
    return { stream: readable, done };
  }

  return {
    read(start, end) {
      // Chunk indices only (they count plaintext, whatever the header); an empty range has none.
      const { firstChunk: first, lastChunk: last } = ciphertextRange(0, layout.size, start, end);
      return stream({ start, end, first, last, firstWindow: FIRST_WINDOW, maxWindow: MAX_WINDOW, ahead: 0, whole: false }).stream;
    },
    readAll(options = {}) {
      // One open-ended request for all chunks (reopened from the chunk it was receiving when it breaks).
      const all = final + 1;
      return stream({ start: 0, end: layout.size, first: 0, last: final, firstWindow: all, maxWindow: all, ahead: 2, whole: true, ...options });
    },
  };
}
