import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, newPassphrase, test } from './fixtures';

const MiB = 1024 * 1024;

/** Writes `size` random bytes to a temporary file; returns its path and SHA-256. */
async function bigFile(name: string, size: number): Promise<{ path: string; sha256: string }> {
  const path = join(await mkdtemp(join(tmpdir(), 'coffer-big-')), name);
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

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const block of createReadStream(path)) hash.update(block as Buffer);
  return hash.digest('hex');
}

test.describe('large files', () => {
  test.setTimeout(240_000);

  test('a 300 MiB file uploads in parts and downloads to disk byte-identical', async ({ vault }) => {
    await vault.createVault(newPassphrase());
    const file = await bigFile('disk image.iso', 300 * MiB + 12_345);
    const partPuts: string[] = [];
    vault.page.on('request', (request) => {
      if (request.method() === 'PUT' && new URL(request.url()).searchParams.has('partNumber')) partPuts.push(request.url());
    });
    await vault.page.getByLabel('Upload files').setInputFiles(file.path);
    await expect(vault.row('disk image.iso')).toBeVisible({ timeout: 180_000 });
    expect(partPuts.length).toBeGreaterThanOrEqual(60);
    await expect(vault.row('disk image.iso')).toContainText('315 MB');

    const download = await vault.download('disk image.iso');
    expect(download.suggestedFilename()).toBe('disk image.iso');
    expect(await download.failure()).toBeNull();
    expect(await sha256Of(await download.path())).toBe(file.sha256);
  });
});
