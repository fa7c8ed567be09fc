/**
 * A streaming download: ciphertext fetched from S3 chunk by chunk, each chunk authenticated and decrypted in a worker
 * before its plaintext moves on. When the connection breaks or stalls (no bytes for a minute), the download goes on
 * with a Range request from the end of the last authenticated chunk; a chunk that fails authentication ends it with an
 * error - never a silently truncated or altered file.
 */
import * as Comlink from 'comlink';
import { FormatError, SEALED_CHUNK_SIZE, chunkCount, sealedChunkLength } from '../../format';
import { httpError, isExpiredSignature, isTransient, sleep } from '../retry';
import type { CryptoPool } from '../workers';
import { chunkBuffers, openBodyReader, StalledRead, type BodyReader } from './body-reader';
import type { FileOpener } from '../crypto.worker';

/** Where an object's bytes come from, for a stream of its chunks. */
export interface ChunkFetch {
  /** A fresh pre-signed GET URL for the object. */
  signUrl(): Promise<string>;
  signal?: AbortSignal;
  /** Plaintext bytes released so far. */
  onProgress?(released: number): void;
  /** Connection attempts after a failure, per chunk. */
  retries?: number;
}

/** What a streaming download needs. */
export interface DownloadSource extends ChunkFetch {
  /** The authenticated header bytes and the plaintext size they declare. */
  header: Uint8Array;
  plainSize: number;
  pool: CryptoPool;
  /** The vault master key (or keys, during a key rotation); or, for a share link, the file's own 32-byte key. */
  masterKey: FileOpener;
}

/** How an object is cut into chunks, and how a received chunk becomes the plaintext released. */
export interface ChunkLayout {
  /** Where chunk 0 starts in the object. */
  offset: number;
  /** Bytes from one chunk's start to the next's (the longest chunk). */
  stride: number;
  count: number;
  lengthOf(index: number): number;
  /** The plaintext of chunk `index`; `reuse` takes back a buffer to read a later chunk into. */
  open(index: number, received: Uint8Array<ArrayBuffer>, reuse: (buffer: ArrayBuffer) => void): Promise<Uint8Array>;
}

/** Chunks fetched ahead and decrypting at once (spread over the worker pool); their plaintext is released in order. */
const DECRYPT_AHEAD = 4;
/** Chunk buffers kept for reuse: those a download has in flight, and a few more. */
const SPARE_BUFFERS = DECRYPT_AHEAD + 2;

/** The body ended or broke before the requested bytes: try again from where it stopped. */
class ShortBody extends Error {}

/**
 * The decrypted file as a stream of plaintext, pulled chunk by chunk, and a promise that settles when the whole file
 * was released (or rejects with why it could not be).
 */
export function decryptingStream(source: DownloadSource): { stream: ReadableStream<Uint8Array>; done: Promise<void> } {
  return chunkStream(source, {
    offset: source.header.length,
    stride: SEALED_CHUNK_SIZE,
    count: chunkCount(source.plainSize),
    lengthOf: (index) => sealedChunkLength(source.plainSize, index),
    open: (index, sealed, reuse) =>
      source.pool
        .run((w) => w.decryptChunk(source.header, source.masterKey, index, Comlink.transfer(sealed, [sealed.buffer])))
        .then(({ plaintext, buffer }) => {
          reuse(buffer);
          return plaintext;
        }),
  });
}

/**
 * An object as a stream of the plaintext of its chunks (`layout`), fetched with Range requests that go on from the
 * last chunk received whole when the connection breaks or stalls, opened DECRYPT_AHEAD at a time and released in
 * order; and a promise that settles when the whole object was released (or rejects with why it could not be).
 */
export function chunkStream(source: ChunkFetch, layout: ChunkLayout): { stream: ReadableStream<Uint8Array>; done: Promise<void> } {
  let settle!: { resolve: () => void; reject: (error: unknown) => void };
  const done = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  done.catch(() => undefined); // The caller may only watch the stream; the rejection stays theirs to see.
  const { stride, lengthOf, count } = layout;
  const retries = source.retries ?? 8;
  let index = 0;
  /** The next chunk to fetch: chunks before it were received whole and are authenticated or being authenticated. */
  let fetched = 0;
  const decrypting: Promise<Uint8Array>[] = [];
  let released = 0;
  let failures = 0;
  let reader: BodyReader | undefined;
  /**
   * Chunk buffers to fill again. A sealed chunk is read into one, moved to a worker, and moved back once decrypted, so
   * a download of any size reads into the same few buffers.
   */
  const buffers = chunkBuffers(stride, SPARE_BUFFERS);

  async function connect(): Promise<BodyReader> {
    const start = layout.offset + fetched * stride;
    const response = await fetch(await source.signUrl(), { headers: { Range: `bytes=${start}-` }, signal: source.signal });
    if (response.status !== 206 && !(response.status === 200 && start === 0)) {
      throw response.ok ? new Error(`storage ignored the Range request (HTTP ${response.status})`) : await httpError(response, 'send the file');
    }
    if (!response.body) throw new Error('storage sent no body');
    return openBodyReader(response.body);
  }

  /** Receives chunk `fetched` whole, reconnecting (from this chunk) when the connection breaks. */
  async function receive(): Promise<Uint8Array<ArrayBuffer>> {
    for (;;) {
      try {
        reader ??= await connect();
        const want = lengthOf(fetched);
        const sealed = await reader.readInto(buffers.take(), want);
        if (sealed.length < want) {
          buffers.give(sealed.buffer);
          throw new ShortBody(`the connection ended ${want - sealed.length} bytes early`);
        }
        failures = 0;
        return sealed;
      } catch (error) {
        source.signal?.throwIfAborted();
        reader?.cancel();
        reader = undefined;
        const again = error instanceof ShortBody || error instanceof StalledRead || isTransient(error) || isExpiredSignature(error);
        if (!again || failures >= retries) throw error;
        await sleep(Math.random() * Math.min(10_000, 300 * 2 ** failures++), source.signal);
      }
    }
  }

  /** Keeps up to DECRYPT_AHEAD chunks received and decrypting, then gives the oldest one's plaintext. */
  async function nextChunk(): Promise<Uint8Array> {
    while (decrypting.length < DECRYPT_AHEAD && fetched < count) {
      const chunk = fetched;
      const sealed = await receive();
      fetched++;
      const opened = layout.open(chunk, sealed, (buffer) => buffers.give(buffer));
      opened.catch(() => undefined); // Awaited in order below; a failure surfaces there.
      decrypting.push(opened);
    }
    const next = decrypting.shift();
    if (!next) throw new Error('transfer: internal error: no chunk to release');
    return next;
  }

  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          await pullOne(controller);
        } catch (error) {
          settle.reject(error);
          throw error;
        }
      },
      cancel(reason) {
        reader?.cancel();
        settle.reject(reason instanceof Error ? reason : new Error('the download was cancelled'));
      },
    },
    { highWaterMark: 2 },
  );
  return { stream, done };

  async function pullOne(controller: ReadableStreamDefaultController<Uint8Array>) {
    const plaintext = await nextChunk();
    index++;
    released += plaintext.length;
    source.onProgress?.(released);
    if (plaintext.length > 0) controller.enqueue(plaintext);
    if (index === count) {
      // Bytes after the final chunk mean the object is not what was written: refuse it.
      const extra = reader ? await reader.readInto(new ArrayBuffer(1), 1) : new Uint8Array(0);
      reader?.cancel();
      if (extra.length > 0) throw new FormatError('trailing-data', 'the stored file has bytes after its final chunk');
      controller.close();
      settle.resolve();
    }
  }
}
