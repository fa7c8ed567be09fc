import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { scratchFolder } from './scratch';

/** One mebibyte. */
export const MiB = 1024 * 1024;

/** Writes `size` random bytes to a temporary file; returns its path and SHA-256. */
export async function bigFile(name: string, size: number): Promise<{ path: string; sha256: string }> {
  const path = join(scratchFolder('file-'), name);
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  for (let written = 0; written < size; ) {
    const block = randomBytes(Math.min(8 * MiB, size - written));
    hash.update(block);
    if (!out.write(block)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    written += block.length;
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { path, sha256: hash.digest('hex') };
}

/** SHA-256 of a file on disk. */
export async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const block of createReadStream(path)) hash.update(block as Buffer);
  return hash.digest('hex');
}

/**
 * Changes a file in place as an editor that keeps timestamps would: new random bytes over all of it, the same size,
 * and the same modification time (set back with utimes), so that name, size and date say it is the same file.
 * Returns the new SHA-256.
 */
export async function rewriteInPlace(path: string): Promise<string> {
  const before = await stat(path);
  const hash = createHash('sha256');
  const handle = await open(path, 'r+');
  try {
    for (let at = 0; at < before.size; ) {
      const block = randomBytes(Math.min(8 * MiB, before.size - at));
      await handle.write(block, 0, block.length, at);
      hash.update(block);
      at += block.length;
    }
  } finally {
    await handle.close();
  }
  await utimes(path, before.atimeMs / 1000, before.mtimeMs / 1000);
  const after = await stat(path);
  if (after.size !== before.size || Math.floor(after.mtimeMs) !== Math.floor(before.mtimeMs)) throw new Error('rewriteInPlace: size or date changed');
  return hash.digest('hex');
}
