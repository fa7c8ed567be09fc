/** Temporary folders for the e2e runner and its workers, removed when their process exits. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Removes a scratch folder; a failure (a process still writing into it) leaves it and does not fail the run. */
export function removeQuietly(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // Left for the operating system's temporary-file cleanup.
  }
}

let scratch: string | undefined;

/** This process's scratch folder, removed when the process exits (test files run to gigabytes). */
function scratchDir(): string {
  if (scratch === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'coffer-e2e-files-'));
    process.once('exit', () => removeQuietly(dir));
    scratch = dir;
  }
  return scratch;
}

/** A fresh folder for a test's files, inside this process's scratch folder. */
export function scratchFolder(prefix: string): string {
  return mkdtempSync(join(scratchDir(), prefix));
}
