import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One mebibyte. */
export const MiB = 1024 * 1024;

/** Removes a scratch folder; a failure (a process still writing into it) leaves it and does not fail the run. */
export function removeQuietly(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // Left for the operating system's temporary-file cleanup.
  }
}

let scratch: string | undefined;

/** This process's folder for big files, removed when the process exits (test files run to gigabytes). */
function scratchDir(): string {
  if (scratch === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'coffer-big-'));
    process.once('exit', () => removeQuietly(dir));
    scratch = dir;
  }
  return scratch;
}

/** A fresh folder for a test's files, inside this process's scratch folder (removed when the process exits). */
export function scratchFolder(prefix: string): string {
  return mkdtempSync(join(scratchDir(), prefix));
}

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
