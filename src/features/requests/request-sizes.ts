/**
 * A file request's byte limit in the sizes people read. The endpoint counts what is stored - each guest file
 * encrypted, so its size plus a header and 16 bytes per 512 KiB chunk (format SPEC 4.4) - but an owner who allows
 * "100 MB" means 100 MB of files, and a guest told "100 MB in all" must be able to send a 100 MB file. So the owner's
 * form asks the endpoint for the stored bytes that many bytes of files take at most, and every page turns stored bytes
 * back into file bytes with the exact inverse: the owner sees the number typed, and the guest a number the endpoint
 * accepts.
 */
import { CHUNK_SIZE, TAG_LENGTH } from '../../format';

/**
 * The header room counted for each guest file: 236 bytes of fixed fields with a P-256 stanza (X25519: 203), plus the
 * file's name and type, so names and types of up to 276 UTF-8 bytes together fit.
 */
export const HEADER_ALLOWANCE = 512;

/** Stored bytes that `fileBytes` bytes of files, in at most `files` files, take at most once encrypted. */
export function storedBudget(fileBytes: number, files: number): number {
  // Each file has max(1, ceil(size / CHUNK_SIZE)) chunks, at most size / CHUNK_SIZE + 1: over all files, at most
  // ceil(total / CHUNK_SIZE) + files tags.
  return fileBytes + TAG_LENGTH * (Math.ceil(fileBytes / CHUNK_SIZE) + files) + files * HEADER_ALLOWANCE;
}

/**
 * The most bytes of files that `storedBytes` stored bytes take in at most `files` files: the largest size whose
 * budget fits (0 when none does, or when no file is left). The exact inverse of storedBudget on its own results.
 */
export function fileCapacity(storedBytes: number, files: number): number {
  if (files < 1 || storedBudget(0, files) > storedBytes) return 0;
  // storedBudget grows with its first argument and is never below it: search between 0 and storedBytes.
  let low = 0;
  let high = storedBytes;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (storedBudget(middle, files) <= storedBytes) low = middle;
    else high = middle - 1;
  }
  return low;
}
