/**
 * The bytes of one multipart part of an encrypted upload, made from the file itself: the header bytes (part 1) and
 * the sealed chunks the part overlaps, cut to its range. Runs in a crypto worker, which reads just the plaintext those
 * chunks need, so a part's bytes never pass through the page. In two steps, so that a chunk is never sealed from
 * plaintext the writer has not checked (SPEC 4.4): readPart reads and digests the part's chunks, the caller compares
 * the digests with those recorded for the same chunks before, and only then sealPart seals exactly what was digested.
 */
import { CHUNK_SIZE, chunkCount, type Encryptor } from '../../format';
import { ChunkReader } from './chunk-reader';
import { chunkPlainRange, type PartRange } from './part-range';

/** The plaintext of the chunks a part overlaps, as read once, with each chunk's digest (Encryptor.digestChunk). */
export interface PartPlaintext {
  range: PartRange;
  /** Chunks of the file. */
  total: number;
  /** Plaintext of chunks range.firstChunk .. range.lastChunk (none for a part of header bytes only). */
  chunks: Uint8Array<ArrayBuffer>[];
  digests: Uint8Array[];
}

/**
 * Reads the plaintext of chunks first..last of `file` one after the other, handing each to `visit` as a view of a
 * buffer that is reused for the next chunk.
 */
async function eachChunk(file: Blob, first: number, last: number, visit: (index: number, plaintext: Uint8Array<ArrayBuffer>) => void) {
  const plaintext = file.slice(chunkPlainRange(file.size, first).start, chunkPlainRange(file.size, last).end);
  const reader = new ChunkReader(plaintext.stream(), CHUNK_SIZE);
  try {
    for (let index = first; index <= last; index++) {
      const { start, end } = chunkPlainRange(file.size, index);
      visit(index, await reader.next(end - start));
    }
  } finally {
    reader.cancel();
  }
}

/** Reads the plaintext part `range` seals from `file`, and digests each chunk of it. Rejects when the file is shorter. */
export async function readPart(encryptor: Pick<Encryptor, 'digestChunk'>, range: PartRange, file: Blob): Promise<PartPlaintext> {
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  const digesting: Promise<Uint8Array>[] = [];
  if (range.lastChunk >= range.firstChunk) {
    await eachChunk(file, range.firstChunk, range.lastChunk, (index, plaintext) => {
      const own = plaintext.slice();
      const digest = encryptor.digestChunk(index, own);
      digest.catch(() => undefined); // Awaited together below; a failure surfaces there.
      digesting.push(digest);
      chunks.push(own);
    });
  }
  return { range, total: chunkCount(file.size), chunks, digests: await Promise.all(digesting) };
}

/**
 * Seals a part from the plaintext readPart read, as a Blob (a Blob body, unlike an ArrayBuffer one, is freed once
 * sent). Deterministic: a part of unchanged plaintext always seals to the same bytes, so a part sent again - on retry
 * or after a reload - matches.
 */
export async function sealPart(encryptor: Pick<Encryptor, 'encryptChunk'>, header: Uint8Array, plain: PartPlaintext): Promise<Blob> {
  const { range, total, chunks } = plain;
  const pieces: Uint8Array<ArrayBuffer>[] = [];
  let wanted = range.objectEnd - range.objectStart;
  if (range.objectStart < range.headerEnd) {
    const headerBytes = header.slice(range.objectStart, range.headerEnd);
    pieces.push(headerBytes);
    wanted -= headerBytes.length;
  }
  const sealed = await Promise.all(chunks.map((chunk, i) => encryptor.encryptChunk(range.firstChunk + i, chunk, range.firstChunk + i === total - 1)));
  let skip = range.skip;
  for (const chunk of sealed) {
    const piece = chunk.subarray(skip, skip + wanted);
    pieces.push(piece);
    wanted -= piece.length;
    skip = 0;
  }
  if (wanted !== 0) throw new Error(`transfer: internal error: part ${range.objectStart}-${range.objectEnd} lacks ${wanted} bytes`);
  return new Blob(pieces);
}

/** The digests of chunks first..last of `file`, without sealing anything (to check a file again before resuming). */
export async function digestChunks(encryptor: Pick<Encryptor, 'digestChunk'>, file: Blob, first: number, last: number): Promise<Uint8Array[]> {
  const digests: Promise<Uint8Array>[] = [];
  // digestChunk copies its input, so the reader may reuse its buffer at once.
  await eachChunk(file, first, last, (index, plaintext) => {
    const digest = encryptor.digestChunk(index, plaintext);
    digest.catch(() => undefined);
    digests.push(digest);
  });
  return Promise.all(digests);
}
