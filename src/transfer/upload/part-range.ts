/**
 * Where a multipart part lies in a Coffer object, and which plaintext chunks it needs. Parts are fixed byte ranges of
 * the object (header, then sealed chunks); a part may begin or end inside a chunk, so the chunks at its edges are
 * sealed for both neighbours - deterministically, so both get the same bytes.
 */
import { CHUNK_SIZE, SEALED_CHUNK_SIZE } from '../../format';

/** What it takes to produce the bytes of one part. */
export interface PartRange {
  /** Object bytes [objectStart, objectEnd) of this part. */
  objectStart: number;
  objectEnd: number;
  /** Header bytes the part carries (only part 1): header[headerStart, headerEnd). */
  headerEnd: number;
  /** Sealed chunks first..last (inclusive) overlap the part; none when last < first. */
  firstChunk: number;
  lastChunk: number;
  /** Offset of the part's first payload byte within sealed chunk `firstChunk`. */
  skip: number;
}

/** The range and chunks of part `partNumber` (1-based) of an object of `objectSize` bytes cut into `partSize` parts. */
export function partRange(objectSize: number, headerLength: number, partSize: number, partNumber: number): PartRange {
  const objectStart = (partNumber - 1) * partSize;
  const objectEnd = Math.min(objectSize, objectStart + partSize);
  if (partNumber < 1 || objectStart >= objectEnd) throw new RangeError(`transfer: no part ${partNumber} in ${objectSize} bytes`);
  const headerEnd = Math.min(headerLength, objectEnd);
  const payloadStart = Math.max(0, objectStart - headerLength);
  const payloadEnd = objectEnd - headerLength;
  if (payloadEnd <= 0) return { objectStart, objectEnd, headerEnd, firstChunk: 0, lastChunk: -1, skip: 0 };
  const firstChunk = Math.floor(payloadStart / SEALED_CHUNK_SIZE);
  const lastChunk = Math.floor((payloadEnd - 1) / SEALED_CHUNK_SIZE);
  return { objectStart, objectEnd, headerEnd, firstChunk, lastChunk, skip: payloadStart - firstChunk * SEALED_CHUNK_SIZE };
}

/** Plaintext bytes [start, end) of chunk `index` of a file of `plainSize` bytes. */
export function chunkPlainRange(plainSize: number, index: number): { start: number; end: number } {
  const start = index * CHUNK_SIZE;
  return { start, end: Math.min(plainSize, start + CHUNK_SIZE) };
}
