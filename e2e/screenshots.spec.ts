import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page, Route } from '@playwright/test';
import { expect, newPassphrase, randomFile, test } from './fixtures';
import { GuestRequestPage, OwnerRequests } from './pages/request-pages';
import { OwnerShares, RecipientPage } from './pages/share-pages';
import { scratchFolder } from './scratch';

/**
 * The README's screenshots, taken by a real run through the main screens: each screen is checked before its picture
 * is taken. Pictures go to the test's output folder, and also to `COFFER_SCREENSHOTS` when it is set
 * (`npm run screenshots` sets docs/screenshots).
 */
async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  const path = test.info().outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage, animations: 'disabled', caret: 'hide' });
  const docs = process.env.COFFER_SCREENSHOTS;
  if (docs) {
    await mkdir(docs, { recursive: true });
    await copyFile(path, join(docs, `${name}.png`));
  }
}

/** A folder on disk with a few files, to upload with "Upload folder". */
async function folder(name: string, files: Record<string, string | Buffer>): Promise<string> {
  const root = join(scratchFolder('shots-'), name);
  for (const [path, body] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), body);
  }
  return root;
}

const DESKTOP = { width: 1200, height: 760 };

test('screenshots of the main screens', async ({ vault, browser }) => {
  test.setTimeout(300_000); // Two dozen uploads, a 12 MiB one held in flight, four browser contexts.
  const { page } = vault;
  await page.setViewportSize(DESKTOP);
  const passphrase = newPassphrase();
  await vault.createVault(passphrase);

  const upload = page.getByLabel('Upload folder');
  await upload.setInputFiles(await folder('Photos', { 'Lisbon 2031/tram.jpg': randomFile('t', 240_000).buffer, 'Lisbon 2031/harbour.jpg': randomFile('h', 310_000).buffer, 'family.jpg': randomFile('f', 180_000).buffer }));
  await expect(vault.row('Photos')).toContainText('3 files');
  await upload.setInputFiles(await folder('Taxes', { '2030/return.pdf': randomFile('r', 90_000).buffer, '2030/receipts.zip': randomFile('z', 420_000).buffer }));
  await expect(vault.row('Taxes')).toContainText('2 files');
  const notes = '# Packing list\n\n- passports\n- chargers\n- the good camera\n- sunscreen\n';
  await vault.upload([
    { name: 'Quarterly report – März.pdf', mimeType: 'application/pdf', buffer: randomFile('q', 1_300_000).buffer },
    { name: 'packing-list.md', mimeType: 'text/markdown', buffer: Buffer.from(notes) },
    { name: 'budget 2031.xlsx', mimeType: 'application/vnd.ms-excel', buffer: randomFile('b', 64_000).buffer },
  ]);
  await page.getByRole('button', { name: 'Clear', exact: true }).click();
  await shot(page, 'files');

  // An upload in flight: parts after the first wait until the picture is taken.
  const held: Route[] = [];
  await page.route('**/coffer/users/**', (route) => {
    const url = new URL(route.request().url());
    const part = Number(url.searchParams.get('partNumber') ?? 0);
    return route.request().method() === 'PUT' && part > 1 ? held.push(route) : route.fallback();
  });
  await page.getByLabel('Upload files').setInputFiles([randomFile('holiday.mov', 12 * 1024 * 1024, 'video/quicktime')]);
  await expect.poll(() => held.length).toBeGreaterThan(0);
  await expect(page.getByText(/^[1-9][\d.]* MB of [\d.]+ MB/).first()).toBeVisible();
  await shot(page, 'upload');
  for (const route of held) await route.fallback();
  await page.unroute('**/coffer/users/**');
  await expect(vault.row('holiday.mov')).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Clear', exact: true }).click();

  await vault.row('packing-list.md').getByRole('button', { name: /^Preview/ }).click();
  await expect(page.getByRole('dialog', { name: /packing-list\.md/ })).toContainText('passports');
  await shot(page, 'preview');
  await page.keyboard.press('Escape');

  const shares = new OwnerShares(vault);
  await vault.row('Quarterly report – März.pdf').getByRole('button', { name: /^Share/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Share Quarterly report – März.pdf' });
  await dialog.getByLabel('Link expires after').selectOption({ label: '7 days' });
  await dialog.getByLabel(/^Maximum downloads/).fill('3');
  await dialog.getByRole('button', { name: 'Create link' }).click();
  await expect(dialog.getByRole('img', { name: 'QR code of the share link' })).toBeVisible();
  await shot(page, 'share');
  const link = await dialog.getByLabel('Share link').inputValue();
  await dialog.getByRole('button', { name: 'Close' }).click();

  const recipient = await RecipientPage.open(browser, link);
  await recipient.page.setViewportSize(DESKTOP);
  await expect(recipient.fileHeading('Quarterly report – März.pdf')).toBeVisible();
  await shot(recipient.page, 'recipient');
  await recipient.close();
  await shares.open();
  await expect(shares.row('Quarterly report – März.pdf')).toBeVisible();
  await shot(page, 'shares');

  const requests = new OwnerRequests(page);
  const request = await requests.create('Receipts for the 2031 tax return');
  const guestContext = await browser.newContext({ viewport: DESKTOP, baseURL: process.env.COFFER_E2E_URL });
  const guest = await GuestRequestPage.open(await guestContext.newPage(), request.link);
  await guest.send([randomFile('pharmacy receipt.pdf', 45_000, 'application/pdf')]);
  await expect(guest.upload('pharmacy receipt.pdf')).toContainText('Sent');
  await shot(guest.page, 'request-guest');
  await guestContext.close();
  const inbox = await requests.showInbox('Receipts for the 2031 tax return');
  await expect(inbox.getByRole('rowheader', { name: 'pharmacy receipt.pdf', exact: true })).toBeVisible();
  await shot(page, 'requests', true);

  await vault.goTo('Settings');
  await expect(page.getByText(/^Passphrase protection: Argon2id/)).toBeVisible();
  await shot(page, 'settings', true);

  await vault.goTo('Files');
  await page.emulateMedia({ colorScheme: 'dark' });
  await shot(page, 'files-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 375, height: 667 });
  await vault.openFolder('Photos');
  await shot(page, 'phone');
  await page.setViewportSize(DESKTOP);

  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
  await shot(page, 'unlock');
});
