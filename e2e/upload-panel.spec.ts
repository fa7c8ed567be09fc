import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Route } from '@playwright/test';
import { seriousViolations } from './axe';
import { expect, newPassphrase, test } from './fixtures';
import { scratchFolder } from './scratch';

test('120 files: a short summary with plaintext totals that expands, a list of bounded height, stored rows fold away, failed ones stay with Retry', async ({ vault }) => {
  test.setTimeout(180_000);
  const { page } = vault;
  await vault.createVault(newPassphrase());
  const root = join(scratchFolder('letters-'), 'Letters');
  mkdirSync(root);
  // 5,000 bytes each: 600 KB in all. Encrypted, each is a header and a tag longer (the bucket holds more).
  for (let i = 1; i <= 120; i++) writeFileSync(join(root, `letter ${i}.txt`), randomBytes(5000));

  // Fault: a slow network - the storage holds every upload until the test lets it go, so all 120 are in the panel.
  const held: Route[] = [];
  let holding = true;
  await page.route('**/coffer/users/**', (route) => (holding && route.request().method() === 'PUT' ? held.push(route) : route.fallback()));
  await page.getByLabel('Upload folder').setInputFiles(root);
  await expect.poll(() => held.length).toBe(2);

  const panel = page.getByRole('region', { name: 'Uploads' });
  await expect(panel).toContainText('0 of 120 files stored · 0 B of 600 KB');
  await expect(panel.getByRole('listitem').first()).toContainText('0 B of 5.0 KB');
  // 120 rows of 84 px would push the file list 10,000 px down: the panel stays short, and what is below it in view.
  const height = (await panel.boundingBox())?.height ?? Infinity;
  expect(height).toBeLessThan(420);
  await expect(page.getByText('Your vault is empty')).toBeInViewport();
  expect(await seriousViolations(page)).toEqual([]);

  // The summary folds the list away and opens it again.
  const details = panel.getByRole('button', { name: 'Details' });
  await expect(details).toHaveAttribute('aria-expanded', 'true');
  await details.click();
  await expect(details).toHaveAttribute('aria-expanded', 'false');
  await expect(panel.getByRole('listitem')).toHaveCount(0);
  await expect(panel).toContainText('0 of 120 files stored');
  await details.click();
  await expect(panel.getByRole('listitem').first()).toBeVisible();

  // The two held uploads are refused (a failure not worth retrying on its own); the rest go through.
  holding = false;
  const refused = held.splice(0);
  for (const route of refused) {
    await route.fulfill({
      status: 400,
      headers: { 'access-control-allow-origin': new URL(page.url()).origin },
      contentType: 'application/xml',
      body: '<Error><Code>InvalidRequest</Code><Message>injected fault</Message></Error>',
    });
  }
  await expect(panel).toContainText('118 of 120 files stored', { timeout: 120_000 });
  await expect(panel).toContainText('2 failed');
  await expect(panel).toContainText('118 files stored');
  const failed = panel.getByRole('listitem');
  await expect(failed).toHaveCount(2);
  await expect(failed.filter({ hasText: 'Failed' })).toHaveCount(2);
  expect(await seriousViolations(page)).toEqual([]);

  const retry = panel.getByRole('button', { name: /^Retry / });
  await retry.first().click();
  await expect(retry).toHaveCount(1);
  await retry.first().click();
  await expect(panel).toContainText('120 of 120 files stored · 600 KB', { timeout: 60_000 });
  await expect(panel).not.toContainText('failed');
  await expect(panel.getByRole('listitem')).toHaveCount(0);
  await expect(vault.row('Letters')).toContainText('120 files');
  await panel.getByRole('button', { name: 'Clear', exact: true }).click();
  await expect(panel).toHaveCount(0);
});
