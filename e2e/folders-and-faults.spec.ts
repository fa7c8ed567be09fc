import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Route } from '@playwright/test';
import { bigFile, MiB, sha256Of } from './big-file';
import { scratchFolder } from './scratch';
import { expect, newPassphrase, test } from './fixtures';

/** A small deterministic generator (mulberry32), so a failing run can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('a folder of nested files uploads and lists with its structure', async ({ vault }) => {
  await vault.createVault(newPassphrase());
  const root = join(scratchFolder('folder-'), 'Album');
  mkdirSync(join(root, '2024', 'summer'), { recursive: true });
  writeFileSync(join(root, 'cover.txt'), 'cover');
  writeFileSync(join(root, '2024', 'notes.md'), '# notes');
  writeFileSync(join(root, '2024', 'summer', 'beach.txt'), 'sand');
  await vault.page.getByLabel('Upload folder').setInputFiles(root);
  await expect(vault.row('Album')).toContainText('3 files');
  await vault.openFolder('Album');
  await expect(vault.row('cover.txt')).toBeVisible();
  await vault.openFolder('Album/2024');
  await expect(vault.row('notes.md')).toBeVisible();
  await vault.openFolder('Album/2024/summer');
  await expect(vault.row('beach.txt')).toBeVisible();
});

test("a folder of 150 small files uploads whole within the endpoint's rate limit, also when signing is refused with 429 now and then", async ({ vault }) => {
  await vault.createVault(newPassphrase());
  const root = join(scratchFolder('many-'), 'Scans');
  mkdirSync(root);
  for (let i = 1; i <= 150; i++) writeFileSync(join(root, `page ${i}.txt`), `scanned page ${i}`);
  const page = vault.page;
  let endpointRequests = 0;
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/v1/')) endpointRequests += 1;
  });
  // Fault: the endpoint's rate limit refuses every fifth signing, asking to wait a second.
  let signings = 0;
  let refused = 0;
  await page.route(
    (url) => url.pathname === '/v1/presign',
    async (route: Route) => {
      signings += 1;
      if (signings % 5 !== 0) return route.continue();
      refused += 1;
      return route.fulfill({
        status: 429,
        headers: { 'retry-after': '1', 'access-control-expose-headers': 'Retry-After' },
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'rate_limited', message: 'too many requests: retry in 1 s' } }),
      });
    },
  );
  await page.getByLabel('Upload folder').setInputFiles(root);
  await expect(vault.row('Scans')).toContainText('150 files', { timeout: 120_000 });
  const uploads = page.getByRole('region', { name: 'Uploads' });
  await expect(uploads).toContainText('150 of 150 files stored');
  await expect(uploads).not.toContainText('failed');
  expect(refused).toBeGreaterThan(10);
  // One signing per file (and its retries), and one listing of the vault for the batch: a listing per file (17
  // requests) would have run 150 files far past the endpoint's 600 requests a minute.
  expect(endpointRequests).toBeLessThan(150 + refused + 60);
  await vault.openFolder('Scans');
  await expect(vault.row('page 1.txt')).toBeVisible();
});

test('256 MiB survives resets, delays and truncations of parts and downloads', async ({ vault }) => {
  test.setTimeout(300_000);
  await vault.createVault(newPassphrase());
  const file = await bigFile('backup.bin', 256 * MiB);
  const next = random(20261127);
  const faults = { reset: 0, delay: 0, truncated: 0 };

  // Fault injection: about 10% of part uploads are reset or delayed.
  await vault.page.route(
    (url) => url.searchParams.has('partNumber'),
    async (route: Route) => {
      const roll = next();
      if (roll < 0.05) {
        faults.reset++;
        return route.abort('connectionreset');
      }
      if (roll < 0.1) {
        faults.delay++;
        await new Promise((resolve) => setTimeout(resolve, 1500));
      }
      return route.continue().catch(() => undefined);
    },
  );
  await vault.page.getByLabel('Upload files').setInputFiles(file.path);
  await expect(vault.row('backup.bin')).toBeVisible({ timeout: 240_000 });
  await vault.page.unrouteAll({ behavior: 'ignoreErrors' });

  // Download: payload responses (open-ended ranges) are cut short or reset, a few times each.
  let payloadRequests = 0;
  await vault.page.route(
    (url) => url.pathname.includes('/files/'),
    async (route: Route) => {
      const range = route.request().headers()['range'] ?? '';
      const open = /^bytes=(\d+)-$/.exec(range);
      if (!open || route.request().method() !== 'GET') return route.continue();
      payloadRequests++;
      if (payloadRequests > 12) return route.continue();
      const start = Number(open[1]);
      if (payloadRequests % 4 === 0) {
        faults.reset++;
        return route.abort('connectionreset');
      }
      // Serve only a random stretch of what was asked: the body ends early, as when a connection drops.
      faults.truncated++;
      const length = 1 + Math.floor(next() * 24 * MiB);
      const response = await route.fetch({ headers: { ...route.request().headers(), range: `bytes=${start}-${start + length - 1}` } });
      return route.fulfill({ response });
    },
  );
  const download = await vault.download('backup.bin');
  expect(await download.failure()).toBeNull();
  expect(await sha256Of(await download.path())).toBe(file.sha256);
  expect(faults.reset).toBeGreaterThan(0);
  expect(faults.delay).toBeGreaterThan(0);
  expect(faults.truncated).toBeGreaterThan(4);
});
