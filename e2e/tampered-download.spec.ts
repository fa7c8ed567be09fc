import type { Route } from '@playwright/test';
import { bigFile, MiB } from './big-file';
import { expect, newPassphrase, test } from './fixtures';

test('a chunk changed in storage aborts the download and says why; no file is saved', async ({ vault }) => {
  test.setTimeout(120_000);
  await vault.createVault(newPassphrase());
  // Larger than the in-memory limit, so the download streams to disk through the service worker.
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
  const download = await vault.download('ledger.db');
  await expect(vault.page.getByRole('alert')).toContainText('could not be authenticated');
  await expect(vault.page.getByRole('alert')).toContainText('tampered');
  expect(await download.failure()).not.toBeNull();
});

test('closing the page in the middle of a streamed download fails the download instead of leaving it waiting', async ({ vault }) => {
  test.setTimeout(120_000);
  await vault.createVault(newPassphrase());
  const file = await bigFile('archive.tar', 40 * MiB);
  await vault.page.getByLabel('Upload files').setInputFiles(file.path);
  await expect(vault.row('archive.tar')).toBeVisible({ timeout: 90_000 });

  // Fault injection: every answer stops 1 MiB in, so the download keeps reconnecting and is still running below.
  await vault.page.route(
    (url) => url.pathname.includes('/files/'),
    async (route: Route) => {
      if (!route.request().headers()['range']) return route.continue();
      const response = await route.fetch();
      return route.fulfill({ response, body: (await response.body()).subarray(0, MiB) });
    },
  );
  const download = await vault.download('archive.tar');
  await vault.page.close();
  // The service worker sees the page's end of the download's port close and fails the download.
  expect(await download.failure()).not.toBeNull();
});
