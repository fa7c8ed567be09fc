import type { Page } from '@playwright/test';
import { MiB } from './big-file';
import { tamperStoredFiles } from './pages/vault-page';
import { expect, newPassphrase, test } from './fixtures';

// The File System Access save path: the picker's stand-in hands out real files of the Origin Private File System, so
// the app's own writable stream writes them (see SavePicker in fixtures.ts).
test.use({ savePicker: 'opfs' });

/** Names and sizes of the files in the page's Origin Private File System. */
function savedFiles(page: Page): Promise<Record<string, number>> {
  return page.evaluate(async () => {
    const sizes: Record<string, number> = {};
    const root = (await navigator.storage.getDirectory()) as FileSystemDirectoryHandle & AsyncIterable<[string, FileSystemHandle]>;
    for await (const [name, handle] of root) {
      if (handle instanceof FileSystemFileHandle) sizes[name] = (await handle.getFile()).size;
    }
    return sizes;
  });
}

/** SHA-256 (hex) of a file in the page's Origin Private File System, hashed in the page. */
function savedSha256(page: Page, name: string): Promise<string> {
  return page.evaluate(async (name) => {
    const file = await (await (await navigator.storage.getDirectory()).getFileHandle(name)).getFile();
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
    return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  }, name);
}

test.describe('saving into a file the user picks (File System Access API)', () => {
  test.setTimeout(300_000);

  test('a 300 MiB file streams into the picked file byte-identical, without a browser download', async ({ vault }) => {
    await vault.createVault(newPassphrase());
    const size = 300 * MiB + 4_321;
    const file = await vault.uploadBig('film.mkv', size, 180_000);

    const browserDownloads: string[] = [];
    vault.page.on('download', (download) => browserDownloads.push(download.suggestedFilename()));
    await vault.row('film.mkv').getByRole('button', { name: /^Download/ }).click();
    // The browser writes to a temporary file and puts the picked file in place only when the writable closes.
    await expect.poll(() => savedFiles(vault.page), { timeout: 180_000 }).toEqual({ 'film.mkv': size });
    expect(await savedSha256(vault.page, 'film.mkv')).toBe(file.sha256);
    expect(browserDownloads).toEqual([]);
    await expect(vault.page.getByRole('alert')).toHaveCount(0);
  });

  test('a tampered file stops with the reason and leaves nothing in the picked file', async ({ vault }) => {
    await vault.createVault(newPassphrase());
    await vault.uploadBig('ledger.db', 40 * MiB);
    await tamperStoredFiles(vault.page);
    await vault.row('ledger.db').getByRole('button', { name: /^Download/ }).click();
    await expect(vault.page.getByRole('alert')).toContainText('could not be authenticated');
    await expect(vault.page.getByRole('alert')).toContainText('tampered');
    // The first 2 MiB authenticated and were written, but never committed: the new, empty file is gone too.
    expect(await savedFiles(vault.page)).toEqual({});
  });
});
