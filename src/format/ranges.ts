/**
 * Random access (SPEC.md section 5, "Random access"): which sealed chunks, at which object offsets, hold a range of
 * plaintext. Pure arithmetic on the header length and the authenticated plaintext size; no I/O and no keys.
 */
import { CHUNK_SIZE, MAX_PLAINTEXT_SIZE, SEALED_CHUNK_SIZE, TAG_LENGTH } from './constants';
import { chunkCount, chunkPlainLength } from './payload';

/** The sealed chunks that hold plaintext [plainStart, plainEnd), as an absolute object byte range [start, end). */
export interface CiphertextRange {
  /** Object offset of the first byte to fetch: the start of chunk `firstChunk`. */
  start: number;
  /** Object offset just past the last byte to fetch: the end of chunk `lastChunk` (its tag included). */
  end: number;
  /** Index of the first chunk to open. */
  firstChunk: number;
  /** Index of the last chunk to open (`firstChunk - 1` for an empty range: nothing to open). */
  lastChunk: number;
  /** Index of the file's final chunk: the only one opened with the last-chunk flag set. */
  finalChunk: number;
  /** Plaintext offset of chunk `firstChunk`'s first byte: drop `plainStart - chunkStart` bytes from the first chunk. */
  chunkStart: number;
}

/** Object offset of sealed chunk `index` in a file whose header is `headerLength` bytes. */
export function chunkOffset(headerLength: number, index: number): number {
  return headerLength + index * SEALED_CHUNK_SIZE;
}

/** Sealed length of chunk `index` (plaintext + tag) in a file of `size` plaintext bytes. */
export function sealedChunkLength(size: number, index: number): number {
  return chunkPlainLength(size, index) + TAG_LENGTH;
}

/** Length of the whole object (header + payload) for a header length and plaintext size. */
export function objectSize(headerLength: number, size: number): number {
  return headerLength + size + chunkCount(size) * TAG_LENGTH;
}

/**
 * Maps plaintext [plainStart, plainEnd) of a file of `size` bytes to the ciphertext to fetch. An empty range fetches
 * nothing (start = end). Throws a RangeError for a range outside 0..size or a size the format cannot hold.
 */
export function ciphertextRange(headerLength: number, size: number, plainStart: number, plainEnd: number): CiphertextRange {
  if (!Number.isSafeInteger(size) || size < 0 || size > MAX_PLAINTEXT_SIZE) throw new RangeError(`format: bad plaintext size ${size}`);
  if (!Number.isSafeInteger(headerLength) || headerLength < 0) throw new RangeError(`format: bad header length ${headerLength}`);
  const valid = [plainStart, plainEnd].every(Number.isSafeInteger) && plainStart >= 0 && plainStart <= plainEnd && plainEnd <= size;
  if (!valid) throw new RangeError(`format: range [${plainStart}, ${plainEnd}) is not within 0..${size}`);
  const finalChunk = chunkCount(size) - 1;
  const firstChunk = Math.min(Math.floor(plainStart / CHUNK_SIZE), finalChunk);
  const start = chunkOffset(headerLength, firstChunk);
  const chunkStart = firstChunk * CHUNK_SIZE;
  if (plainStart === plainEnd) return { start, end: start, firstChunk, lastChunk: firstChunk - 1, finalChunk, chunkStart };
  const lastChunk = Math.floor((plainEnd - 1) / CHUNK_SIZE);
  return { start, end: chunkOffset(headerLength, lastChunk) + sealedChunkLength(size, lastChunk), firstChunk, lastChunk, finalChunk, chunkStart };
}
