/**
 * The payload: STREAM-style chunked AES-256-GCM. This file knows only chunks, nonces and the AEAD.
 * Chunk i seals CHUNK_SIZE plaintext bytes (the last one 0..CHUNK_SIZE, empty only for an empty file)
 * with nonce = 11-byte big-endian i || last-chunk flag.
 */
import { buf } from './bytes';
import { CHUNK_SIZE, MAX_PLAINTEXT_SIZE, NONCE_LENGTH, SEALED_CHUNK_SIZE, TAG_LENGTH } from './constants';
import { FormatError, internalError } from './errors';

/** Number of chunks for a plaintext size (an empty file is one empty final chunk). */
export function chunkCount(size: number): number {
  return Math.max(1, Math.ceil(size / CHUNK_SIZE));
}

/** Payload (ciphertext after the header) length for a plaintext size. */
export function payloadLength(size: number): number {
  if (!Number.isSafeInteger(size) || size < 0 || size > MAX_PLAINTEXT_SIZE) throw new RangeError('format: bad plaintext size');
  return size + chunkCount(size) * TAG_LENGTH;
}

/** Plaintext length of chunk `index` of a file of `size` bytes. */
export function chunkPlainLength(size: number, index: number): number {
  return index < chunkCount(size) - 1 ? CHUNK_SIZE : size - (chunkCount(size) - 1) * CHUNK_SIZE;
}

/** The nonce of chunk `index`. Why a counter: unique per chunk under a per-file key; the flag stops truncation at a boundary. */
export function chunkNonce(index: number, last: boolean): Uint8Array<ArrayBuffer> {
  if (!Number.isSafeInteger(index) || index < 0) throw internalError('bad chunk index');
  const nonce = new Uint8Array(NONCE_LENGTH);
  const view = new DataView(nonce.buffer);
  view.setUint32(3, Math.floor(index / 2 ** 32));
  view.setUint32(7, index >>> 0);
  nonce[11] = last ? 1 : 0;
  return nonce;
}

/** Seals one chunk; deterministic for a given key, index, flag and plaintext. */
export async function sealChunk(key: CryptoKey, index: number, last: boolean, plaintext: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const params = { name: 'AES-GCM', iv: chunkNonce(index, last) };
  return new Uint8Array(await crypto.subtle.encrypt(params, key, buf(plaintext)));
}

/** Opens one chunk; a typed 'tampered' error if it does not authenticate (nothing is released). */
export async function openChunk(key: CryptoKey, index: number, last: boolean, sealed: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: chunkNonce(index, last) }, key, buf(sealed)));
  } catch {
    throw new FormatError('tampered', `chunk ${index} does not authenticate`);
  }
}

/** Queuing strategy by bytes, so a stream reads ahead about two chunks while one is sealed. */
const readAhead = new ByteLengthQueuingStrategy({ highWaterMark: 2 * CHUNK_SIZE });

/**
 * Seals in flight per encrypt stream. Why 2: WebCrypto copies its input when called, so the next chunk can be
 * staged while the previous one is sealed; more gives nothing measurable.
 */
const SEALS_IN_FLIGHT = 2;

/** Plaintext (any chunking, exactly `size` bytes) -> `prefix` (the header), then sealed chunks. Errors with 'size-mismatch'. */
export function encryptTransform(key: CryptoKey, size: number, prefix?: Uint8Array): TransformStream<Uint8Array, Uint8Array> {
  const count = chunkCount(size);
  const staging = new Uint8Array(CHUNK_SIZE);
  const inFlight: Promise<Uint8Array>[] = [];
  let filled = 0;
  let index = 0;
  let seen = 0;
  const seal = async (plaintext: Uint8Array, controller: TransformStreamDefaultController<Uint8Array>): Promise<void> => {
    const sealed = sealChunk(key, index, index === count - 1, plaintext);
    sealed.catch(() => undefined); // Awaited in order below; this only keeps an early failure from being "unhandled".
    inFlight.push(sealed);
    index++;
    while (inFlight.length >= SEALS_IN_FLIGHT) controller.enqueue(await (inFlight.shift() ?? Promise.reject(internalError('no seal'))));
  };
  return new TransformStream<Uint8Array, Uint8Array>(
    {
      start(controller) {
        if (prefix !== undefined) controller.enqueue(prefix.slice());
      },
      async transform(input, controller) {
        seen += input.length;
        if (seen > size) throw new FormatError('size-mismatch', `more than ${size} bytes`);
        let at = 0;
        while (at < input.length) {
          if (filled === 0 && index < count - 1 && input.length - at >= CHUNK_SIZE) {
            await seal(input.subarray(at, at + CHUNK_SIZE), controller);
            at += CHUNK_SIZE;
            continue;
          }
          const take = Math.min(CHUNK_SIZE - filled, input.length - at);
          staging.set(input.subarray(at, at + take), filled);
          filled += take;
          at += take;
          if (filled === CHUNK_SIZE && index < count - 1) {
            await seal(staging, controller);
            filled = 0;
          }
        }
      },
      async flush(controller) {
        if (seen !== size) throw new FormatError('size-mismatch', `${seen} of ${size} bytes`);
        inFlight.push(sealChunk(key, index, true, staging.subarray(0, filled)));
        for (const sealed of await Promise.all(inFlight.splice(0))) controller.enqueue(sealed);
      },
    },
    readAhead,
  );
}

/** Receives released plaintext. */
export type Emit = (plaintext: Uint8Array) => void;

/** Incremental payload decryption, shared by decryptTransform and the whole-object decryptStream. */
export interface PayloadOpener {
  /** Feeds sealed bytes; emits each chunk's plaintext once it authenticates (the final one waits for `finish`). */
  push(input: Uint8Array, emit: Emit): Promise<void>;
  /** End of input: emits the final chunk, or throws 'truncated'. */
  finish(emit: Emit): void;
}

/**
 * Opens sealed chunks of a file of `size` bytes. A chunk's plaintext is released only after it authenticates; the
 * final chunk's only at the end of input, once no trailing bytes came. Errors: 'tampered', 'truncated', 'trailing-data'.
 */
export function payloadOpener(key: CryptoKey, size: number): PayloadOpener {
  const count = chunkCount(size);
  const lastSealed = chunkPlainLength(size, count - 1) + TAG_LENGTH;
  const staging = new Uint8Array(SEALED_CHUNK_SIZE);
  let filled = 0;
  let index = 0;
  let final: Uint8Array | undefined;
  return {
    async push(input, emit) {
      let at = 0;
      while (at < input.length) {
        if (final !== undefined) throw new FormatError('trailing-data');
        const last = index === count - 1;
        const want = last ? lastSealed : SEALED_CHUNK_SIZE;
        let sealed: Uint8Array;
        if (filled === 0 && input.length - at >= want) {
          sealed = input.subarray(at, at + want);
          at += want;
        } else {
          const take = Math.min(want - filled, input.length - at);
          staging.set(input.subarray(at, at + take), filled);
          filled += take;
          at += take;
          if (filled < want) continue;
          sealed = staging.subarray(0, want);
          filled = 0;
        }
        if (last && at < input.length) throw new FormatError('trailing-data');
        const plaintext = await openChunk(key, index, last, sealed);
        if (last) final = plaintext;
        else emit(plaintext);
        index++;
      }
    },
    finish(emit) {
      if (final === undefined) throw new FormatError('truncated', `${index} of ${count} chunks`);
      emit(final);
    },
  };
}

/** Sealed payload (any chunking) -> plaintext; see payloadOpener for what is released when. */
export function decryptTransform(key: CryptoKey, size: number): TransformStream<Uint8Array, Uint8Array> {
  const opener = payloadOpener(key, size);
  return new TransformStream<Uint8Array, Uint8Array>(
    {
      transform: (input, controller) => opener.push(input, (p) => controller.enqueue(p)),
      flush: (controller) => opener.finish((p) => controller.enqueue(p)),
    },
    readAhead,
  );
}
