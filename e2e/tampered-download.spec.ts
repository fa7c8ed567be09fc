import type { Route } from '@playwright/test';
import { MiB } from './big-file';
import { tamperStoredFiles } from './pages/vault-page';
import { expect, newPassphrase, test } from './fixtures';

test('a chunk changed in storage aborts the download and says why; no file is saved', async ({ vault }) => {
  test.setTimeout(120_000);
  await vault.createVault(newPassphrase());
  // Larger than the in-memory limit, so the download streams to disk through the service worker.
  await vault.uploadBig('ledger.db', 40 * MiB);
  await tamperStoredFiles(vault.page);
  const download = await vault.download('ledger.db');
  await expect(vault.page.getByRole('alert')).toContainText('could not be authenticated');
  await expect(vault.page.getByRole('alert')).toContainText('tampered');
  expect(await download.failure()).not.toBeNull();
});

test('closing the page in the middle of a streamed download fails the download instead of leaving it waiting', async ({ vault }) => {
  test.setTimeout(120_000);
  await vault.createVault(newPassphrase());
  await vault.uploadBig('archive.tar', 40 * MiB);

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
