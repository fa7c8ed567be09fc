import type { Page, Route } from '@playwright/test';
import { bigFile, MiB } from './big-file';
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
    const file = await bigFile('film.mkv', size);
    await vault.page.getByLabel('Upload files').setInputFiles(file.path);
    await expect(vault.row('film.mkv')).toBeVisible({ timeout: 180_000 });

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
    const file = await bigFile('ledger.db', 40 * MiB);
    await vault.page.getByLabel('Upload files').setInputFiles(file.path);
    await expect(vault.row('ledger.db')).toBeVisible({ timeout: 90_000 });

    // Fault injection: the storage returns the payload with one byte changed, 2 MiB in.
    await vault.page.route(
      (url) => url.pathname.includes('/files/'),
      async (route: Route) => {
        const range = /^bytes=(\d+)-$/.exec(route.request().headers()['range'] ?? '');
        if (!range) return route.continue();
        const response = await route.fetch({ headers: { ...route.request().headers(), range: `bytes=${range[1]}-${Number(range[1]) + 4 * MiB - 1}` } });
        const body = await response.body();
        body[2 * MiB] = (body[2 * MiB] ?? 0) ^ 0x01;
        return route.fulfill({ response, body });
      },
    );
    await vault.row('ledger.db').getByRole('button', { name: /^Download/ }).click();
    await expect(vault.page.getByRole('alert')).toContainText('could not be authenticated');
    await expect(vault.page.getByRole('alert')).toContainText('tampered');
    // The first 2 MiB authenticated and were written, but never committed: the new, empty file is gone too.
    expect(await savedFiles(vault.page)).toEqual({});
  });
});
