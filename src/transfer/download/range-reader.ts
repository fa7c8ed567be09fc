/**
 * Random-access reads of an encrypted object (SPEC.md 5.1): plaintext [start, end) as a stream, fetching only the
 * sealed chunks that hold it, in windows that grow while the reader keeps reading, so a video player that seeks fetches
 * only what it plays. Every chunk is authenticated in a worker - the final one with the last-chunk flag, decided by the
 * authenticated size and never by the bytes received - before any of its plaintext is released.
 */
import * as Comlink from 'comlink';
import { CHUNK_SIZE, FormatError, SEALED_CHUNK_SIZE, ciphertextRange, chunkOffset, objectSize, sealedChunkLength } from '../../format';
import { httpError, isExpiredSignature, isTransient, sleep } from '../retry';
import type { CryptoPool } from '../workers';
import { chunkBuffers, openBodyReader, StalledRead, type BodyReader } from './body-reader';
import type { FileOpener } from '../crypto.worker';

/** An encrypted object whose header has been authenticated. */
export interface RangeSource {
  /** A fresh pre-signed GET URL for the object. */
  signUrl(): Promise<string>;
  /** The authenticated header (exactly its length). */
  header: Uint8Array;
  /** The plaintext size, from the authenticated metadata. */
  plainSize: number;
  pool: CryptoPool;
  /** The vault master key (or keys, during a key rotation); or, for a share link, the file's own 32-byte key. */
  key: FileOpener;
  /** Connection attempts after a failure, per window. */
  retries?: number;
}

/** Reads plaintext ranges of one object. */
export interface PlainRangeReader {
  /** Plaintext [start, end) as a stream; errors (after the authentic bytes before it) if a chunk fails. */
  read(start: number, end: number): ReadableStream<Uint8Array>;
}

/** Chunks in the first window of a read: 1 MiB, so playback starts after one small request. */
const FIRST_WINDOW = 2;
/** Largest window: 4 MiB per request keeps requests few while reading on, and a seek wastes at most this much. */
const MAX_WINDOW = 8;
/** Chunks decrypting at once, spread over the worker pool. */
const DECRYPT_AHEAD = 4;
/** A signed URL is reused for this long (the endpoint signs for minutes), then signed afresh. */
const URL_REUSE_MS = 60_000;

/** The body ended before the requested bytes: try again from where it stopped. */
class ShortBody extends Error {}

/** The object size a ranged answer declares in Content-Range, when the storage lets the page read it (CORS). */
function declaredTotal(response: Response): number | undefined {
  const match = /\/(\d+)$/.exec(response.headers.get('Content-Range') ?? '');
  return match ? Number(match[1]) : undefined;
}

/** Creates a reader of plaintext ranges of the object `source` describes. */
export function createRangeReader(source: RangeSource): PlainRangeReader {
  const L = source.header.length;
  const size = source.plainSize;
  const total = objectSize(L, size);
  const retries = source.retries ?? 6;
  let signed: { url: string; at: number } | undefined;

  async function url(fresh: boolean): Promise<string> {
    if (fresh || !signed || Date.now() - signed.at > URL_REUSE_MS) signed = { url: await source.signUrl(), at: Date.now() };
    return signed.url;
  }

  /** GETs sealed chunks [first, last] in one ranged request. */
  async function fetchWindow(first: number, last: number, fresh: boolean, signal: AbortSignal) {
    const start = chunkOffset(L, first);
    const end = chunkOffset(L, last) + sealedChunkLength(size, last);
    const response = await fetch(await url(fresh), { headers: { Range: `bytes=${start}-${end - 1}` }, signal });
    if (response.status !== 206) {
      throw response.ok ? new Error(`storage ignored the Range request (HTTP ${response.status})`) : await httpError(response, 'send part of the file');
    }
    const declared = declaredTotal(response);
    if (declared !== undefined && declared !== total) {
      void response.body?.cancel().catch(() => undefined);
      // A typed format error, so that it is told as a changed file (describe-error.ts), not by its words.
      const detail = `the file was changed in storage: it is ${declared} bytes, its header says ${total}`;
      throw new FormatError(declared < total ? 'truncated' : 'trailing-data', detail);
    }
    if (!response.body) throw new Error('storage sent no body');
    return openBodyReader(response.body);
  }

  return {
    read(plainStart, plainEnd) {
      const range = ciphertextRange(L, size, plainStart, plainEnd);
      const controller = new AbortController();
      const decrypting: { index: number; plaintext: Promise<Uint8Array> }[] = [];
      let body: BodyReader | undefined;
      /** Sealed chunks are read into these, moved to a worker and moved back once decrypted. */
      const buffers = chunkBuffers(SEALED_CHUNK_SIZE, DECRYPT_AHEAD + 2);
      /** Next chunk to receive, and the last chunk of the open window. */
      let next = range.firstChunk;
      let windowEnd = range.firstChunk - 1;
      let windowSize = FIRST_WINDOW;
      let failures = 0;
      let fresh = false;

      /** Receives chunk `next` whole from the open window, opening the next window or reconnecting as needed. */
      async function receive(): Promise<Uint8Array<ArrayBuffer>> {
        for (;;) {
          try {
            if (!body || next > windowEnd) {
              body?.cancel();
              windowEnd = Math.min(range.lastChunk, next + windowSize - 1);
              windowSize = Math.min(MAX_WINDOW, windowSize * 2);
              body = await fetchWindow(next, windowEnd, fresh, controller.signal);
              fresh = false;
            }
            const want = sealedChunkLength(size, next);
            const sealed = await body.readInto(buffers.take(), want);
            if (sealed.length < want) throw new ShortBody(`the connection ended ${want - sealed.length} bytes early`);
            failures = 0;
            return sealed;
          } catch (error) {
            controller.signal.throwIfAborted();
            body?.cancel();
            body = undefined;
            const again = error instanceof ShortBody || error instanceof StalledRead || isTransient(error) || isExpiredSignature(error);
            if (!again || failures >= retries) throw error;
            fresh = isExpiredSignature(error);
            await sleep(Math.random() * Math.min(5_000, 200 * 2 ** failures++), controller.signal);
          }
        }
      }

      /** Keeps up to DECRYPT_AHEAD chunks received and decrypting, then gives the oldest one's plaintext. */
      async function nextPlaintext(): Promise<{ index: number; plaintext: Uint8Array }> {
        while (decrypting.length < DECRYPT_AHEAD && next <= range.lastChunk) {
          const index = next;
          const sealed = await receive();
          next++;
          const plaintext = source.pool
            .run((w) => w.decryptChunk(source.header, source.key, index, Comlink.transfer(sealed, [sealed.buffer])))
            .then(({ plaintext, buffer }) => {
              buffers.give(buffer);
              return plaintext;
            });
          plaintext.catch(() => undefined); // Awaited in order below; a failure surfaces there.
          decrypting.push({ index, plaintext });
        }
        const oldest = decrypting.shift();
        if (!oldest) throw new Error('transfer: internal error: no chunk to release');
        return { index: oldest.index, plaintext: await oldest.plaintext };
      }

      return new ReadableStream<Uint8Array>(
        {
          async pull(stream) {
            try {
              if (range.lastChunk < range.firstChunk) return stream.close();
              const { index, plaintext } = await nextPlaintext();
              // Chunk `index` holds plaintext from index * CHUNK_SIZE: keep only the part inside [plainStart, plainEnd).
              const offset = index * CHUNK_SIZE;
              const piece = plaintext.subarray(Math.max(0, plainStart - offset), Math.min(plaintext.length, plainEnd - offset));
              if (piece.length > 0) stream.enqueue(piece);
              if (index === range.lastChunk) {
                body?.cancel();
                stream.close();
              }
            } catch (error) {
              controller.abort(error);
              throw error;
            }
          },
          cancel(reason) {
            controller.abort(reason);
            body?.cancel();
          },
        },
        { highWaterMark: 0 },
      );
    },
  };
}
