import type { Browser, Page } from '@playwright/test';
import { downloadedBytes, expect, newPassphrase, randomFile, sha256, test } from './fixtures';
import { GuestRequestPage, OwnerRequests } from './pages/request-pages';

/** A guest: a fresh browser context with no token, no vault and nothing stored. */
async function guestPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: process.env.COFFER_E2E_URL });
  return context.newPage();
}

test('the new-request form empties once the request is made, which is announced, scrolled to and focused', async ({ vault }) => {
  await vault.createVault(newPassphrase());
  const owner = new OwnerRequests(vault.page);
  await owner.create('First request');
  await owner.create('Second request', { maxFiles: 3, maxMB: 5 });
  const form = vault.page.getByRole('form', { name: 'New file request' });
  await expect(form.getByLabel('Title')).toHaveValue('');
  await expect(form.getByLabel('Most files')).toHaveValue('10');
  await expect(form.getByLabel('Most total size (MB)')).toHaveValue('100');
  await expect(form.getByRole('status')).toHaveText('Created the request “Second request”: its link is ready to copy below.');
  const heading = owner.item('Second request').getByRole('heading', { name: 'Second request' });
  await expect(heading).toBeFocused();
  await expect(heading).toBeInViewport();
  await expect(owner.item('Second request')).toContainText('0 of 3 files sent · 5.0 MB of 5.0 MB left');
});

test('sizes read in one unit system and in the files’ own sizes: the form’s MB, the request card, the guest’s page and the inbox', async ({
  vault,
  browser,
}) => {
  await vault.createVault(newPassphrase());
  const owner = new OwnerRequests(vault.page);
  const { link } = await owner.create('Small budget', { maxFiles: 10, maxMB: 0.02 });
  await expect(owner.item('Small budget')).toContainText('0 of 10 files sent · 20 KB of 20 KB left');

  const guest = await GuestRequestPage.open(await guestPage(browser), link);
  await expect(guest.room).toContainText('up to 10 more files, 20 KB in all.');
  // A file of exactly the limit fits: the limit is in file sizes, though the endpoint counts them encrypted.
  await guest.choose([randomFile('exactly 20 KB.bin', 20_000)]);
  await expect(guest.page.getByRole('button', { name: 'Send 1 file' })).toBeEnabled();
  await guest.chosen('exactly 20 KB.bin').getByRole('button', { name: 'Remove exactly 20 KB.bin' }).click();
  await guest.send([randomFile('letter.txt', 5000, 'text/plain')]);
  await expect(guest.upload('letter.txt')).toContainText('Sent');
  await expect(guest.room).toContainText('up to 9 more files, 15 KB in all.');

  // Opening the inbox brings the card up to date with it.
  const inbox = await owner.showInbox('Small budget');
  await expect(owner.item('Small budget')).toContainText('1 of 10 files sent · 15 KB of 20 KB left');
  await expect(inbox.getByRole('row', { name: /letter\.txt/ }).getByRole('cell').first()).toHaveText('5.0 KB');
  await expect(inbox).toContainText('Received: 1 file, 5.0 KB.');
});

test('"Move into vault" asks for a vault folder, keeps a name already there, and says where the file went', async ({ vault, browser }) => {
  await vault.createVault(newPassphrase());
  await vault.newFolder('Taxes');
  const earlier = randomFile('payslip.pdf', 2000, 'application/pdf');
  await vault.upload([earlier]);
  const owner = new OwnerRequests(vault.page);
  const { link } = await owner.create('Payslips');
  const guest = await GuestRequestPage.open(await guestPage(browser), link);
  const payslip = randomFile('payslip.pdf', 3000, 'application/pdf');
  const scan = randomFile('scans/receipt.png', 4000, 'image/png');
  await guest.send([payslip, scan]);
  await expect(guest.upload('scans/receipt.png')).toContainText('Sent');

  const inbox = await owner.showInbox('Payslips');
  await inbox.getByRole('button', { name: 'Move payslip.pdf into vault' }).click();
  const dialog = vault.page.getByRole('dialog', { name: 'Move payslip.pdf into the vault' });
  const folder = dialog.getByLabel('Folder');
  await expect(folder.getByRole('option')).toHaveText(['All files (the top level)', 'Taxes']);
  await folder.selectOption('Taxes');
  await dialog.getByRole('button', { name: 'Move to Taxes' }).click();
  const said = inbox.getByRole('status').filter({ hasText: /^Moved/ });
  await expect(said).toHaveText('Moved “payslip.pdf” into Taxes as “payslip (2).pdf” (its name was taken there).');
  await expect(inbox.getByRole('rowheader', { name: 'payslip.pdf', exact: true })).toHaveCount(0);

  await owner.moveIntoVault('Payslips', 'scans/receipt.png');
  await expect(said).toHaveText('Moved “scans/receipt.png” into All files.');
  await expect(inbox).toContainText('Nothing received yet.');

  await vault.goTo('Files');
  await vault.openFolder('Taxes');
  await expect(vault.row('payslip.pdf')).toBeVisible();
  await expect(vault.row('payslip (2).pdf')).toBeVisible();
  expect(sha256(await downloadedBytes(await vault.download('payslip (2).pdf')))).toBe(sha256(payslip.buffer));
  expect(sha256(await downloadedBytes(await vault.download('payslip.pdf')))).toBe(sha256(earlier.buffer));
  await vault.openFolder('scans');
  expect(sha256(await downloadedBytes(await vault.download('receipt.png')))).toBe(sha256(scan.buffer));
});
