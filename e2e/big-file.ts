import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
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
