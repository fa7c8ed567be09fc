/**
 * The bytes of one multipart part of an encrypted upload, made from the file itself: the header bytes (part 1) and
 * the sealed chunks the part overlaps, cut to its range. Runs in a crypto worker, which reads just the plaintext those
 * chunks need, so a part's bytes never pass through the page.
 */
import { CHUNK_SIZE, type Encryptor } from '../../format';
import { ChunkReader } from './chunk-reader';
import { chunkPlainRange, chunkTotal, type PartRange } from './part-range';

/**
 * Seals part `range` of `file`'s object as a Blob (a Blob body, unlike an ArrayBuffer one, is freed once sent).
 * Deterministic: a part always seals to the same bytes, so a part sent again - on retry or after a reload - matches.
 */
export async function sealPart(encryptor: Pick<Encryptor, 'encryptChunk'>, header: Uint8Array, range: PartRange, file: Blob): Promise<Blob> {
  const pieces: Uint8Array<ArrayBuffer>[] = [];
  let wanted = range.objectEnd - range.objectStart;
  if (range.objectStart < range.headerEnd) {
    const headerBytes = header.slice(range.objectStart, range.headerEnd);
    pieces.push(headerBytes);
    wanted -= headerBytes.length;
  }
  if (range.lastChunk >= range.firstChunk) {
    const total = chunkTotal(file.size);
    const plaintext = file.slice(chunkPlainRange(file.size, range.firstChunk).start, chunkPlainRange(file.size, range.lastChunk).end);
    const reader = new ChunkReader(plaintext.stream(), CHUNK_SIZE);
    const sealing: Promise<Uint8Array<ArrayBuffer>>[] = [];
    try {
      for (let index = range.firstChunk; index <= range.lastChunk; index++) {
        const { start, end } = chunkPlainRange(file.size, index);
        // WebCrypto copies its input when called, so the reader may reuse its buffer for the next chunk at once.
        const sealed = encryptor.encryptChunk(index, await reader.next(end - start), index === total - 1);
        sealed.catch(() => undefined); // Awaited together below; a failure surfaces there.
        sealing.push(sealed);
      }
    } finally {
      reader.cancel();
    }
    let skip = range.skip;
    for (const sealed of await Promise.all(sealing)) {
      const piece = sealed.subarray(skip, skip + wanted);
      pieces.push(piece);
      wanted -= piece.length;
      skip = 0;
    }
  }
  if (wanted !== 0) throw new Error(`transfer: internal error: part ${range.objectStart}-${range.objectEnd} lacks ${wanted} bytes`);
  return new Blob(pieces);
}
