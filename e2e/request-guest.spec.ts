import { CopyObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { Browser, Page } from '@playwright/test';
import { expect, newPassphrase, randomFile, s3Client, test } from './fixtures';
import { GuestRequestPage, OwnerRequests } from './pages/request-pages';
import type { VaultPage } from './pages/vault-page';

/** A guest: a fresh browser context with no token, no vault and nothing stored. */
async function guestPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: process.env.COFFER_E2E_URL });
  return context.newPage();
}

async function ownerWithRequest(vault: VaultPage, title: string, limits: { maxFiles?: number; maxMB?: number } = {}) {
  await vault.createVault(newPassphrase());
  const owner = new OwnerRequests(vault.page);
  return { owner, ...(await owner.create(title, limits)) };
}

test('after each file the guest is told what is left, as the endpoint counts it; at the limit the pickers are off and it says why', async ({
  vault,
  browser,
}) => {
  const { link } = await ownerWithRequest(vault, 'Three at most', { maxFiles: 3, maxMB: 1 });
  const guest = await GuestRequestPage.open(await guestPage(browser), link);
  await expect(guest.room).toHaveText(/^Open until .+ · up to 3 more files, 1\.0 MB in all\.$/);

  await guest.send([randomFile('one.txt', 1000), randomFile('two.txt', 1000)]);
  await expect(guest.upload('two.txt')).toContainText('Sent');
  // One file, not "1 more files"; the bytes are what is left of the 1 MB, in the files' own sizes.
  await expect(guest.room).toHaveText(/^Open until .+ · up to 1 more file, 99\d KB in all\.$/);

  await guest.send([randomFile('three.txt', 1000)]);
  await expect(guest.upload('three.txt')).toContainText('Sent');
  await expect(guest.room).toHaveText('This request has all the files it takes: nothing more can be sent.');
  await expect(guest.picker).toBeDisabled();
  await expect(guest.page.getByLabel('Add folder')).toBeDisabled();
  await expect(guest.page.getByText('Nothing more can be added.')).toBeVisible();
});

test('a guest looks over the files picked, takes one out, and sends the rest; lists and the progress bar span the page', async ({ vault, browser }) => {
  const { owner, link } = await ownerWithRequest(vault, 'Pick and send');
  const guest = await GuestRequestPage.open(await guestPage(browser), link);
  await guest.choose([randomFile('keep.pdf', 40_000, 'application/pdf'), randomFile('wrong.jpg', 20_000, 'image/jpeg')]);
  await guest.choose([randomFile('also keep.txt', 2000, 'text/plain')]);
  const ready = guest.page.getByRole('region', { name: 'Ready to send: 3 files, 62 KB' });
  await expect(ready).toBeVisible();
  // Nothing goes before Send.
  await expect(guest.page.getByRole('list', { name: 'Your uploads' })).toHaveCount(0);
  await guest.chosen('wrong.jpg').getByRole('button', { name: 'Remove wrong.jpg' }).click();
  await expect(guest.chosen('wrong.jpg')).toHaveCount(0);
  await expect(guest.page.getByRole('region', { name: 'Ready to send: 2 files, 42 KB' })).toBeVisible();
  await guest.sendChosen();
  await expect(guest.upload('keep.pdf')).toContainText('Sent');
  await expect(guest.upload('also keep.txt')).toContainText('Sent');
  await expect(guest.page.getByRole('list', { name: 'Your uploads' }).getByRole('listitem')).toHaveCount(2);
  await expect(guest.page.getByRole('region', { name: /^Ready to send/ })).toHaveCount(0);

  // The overall progress bar is as wide as the list under it, and sizes line up from the uploads to the receipt.
  const list = await guest.page.getByRole('list', { name: 'Your uploads' }).boundingBox();
  const bar = await guest.page.getByRole('progressbar', { name: 'Upload progress' }).boundingBox();
  expect(bar && list && Math.round(bar.width)).toBe(list && Math.round(list.width));
  const sizeIn = async (region: string) =>
    (await guest.page.getByRole('region', { name: region, exact: true }).getByRole('listitem').filter({ hasText: 'keep.pdf' }).getByText('40 KB').boundingBox()) ?? null;
  const [inUploads, inReceipt] = [await sizeIn('Sending'), await sizeIn('Receipt')];
  expect(inUploads && Math.round(inUploads.x + inUploads.width)).toBe(inReceipt && Math.round(inReceipt.x + inReceipt.width));

  const inbox = await owner.showInbox('Pick and send');
  await expect(inbox.getByRole('rowheader')).toHaveText(['keep.pdf', 'also keep.txt']);
});

test("the owner's inbox shows each file under the receipt code its guest was given, worked out from the file itself", async ({ vault, browser, token }) => {
  const { owner, link } = await ownerWithRequest(vault, 'Codes');
  const guest = await GuestRequestPage.open(await guestPage(browser), link);
  await guest.send([randomFile('contract.pdf', 3000, 'application/pdf'), randomFile('photo.jpg', 9000, 'image/jpeg')]);
  const receipt = guest.page.getByRole('region', { name: 'Receipt', exact: true });
  await expect(receipt).toContainText('2 of 2 files sent');
  await expect(receipt).toContainText('the owner sees each file under its code');
  const contract = await guest.receiptCode('contract.pdf');
  const photo = await guest.receiptCode('photo.jpg');
  expect(contract).toMatch(/^([0-9a-f]{4}-){7}[0-9a-f]{4}$/);
  expect(photo).not.toBe(contract);

  const inbox = await owner.showInbox('Codes');
  await expect(inbox.getByLabel('Receipt code of contract.pdf')).toHaveText(contract);
  await expect(inbox.getByLabel('Receipt code of photo.jpg')).toHaveText(photo);

  // The code comes from the file, not from what the storage calls it: a copy of the contract under another name in
  // the inbox (the operator's doing) shows the contract's code again, not a code of its own.
  const me = (await (await vault.page.request.get('/v1/me', { headers: { authorization: `Bearer ${token}` } })).json()) as { user: string };
  const s3 = s3Client();
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'coffer', Prefix: `users/${me.user}/inbox/` }));
  const keys = (listed.Contents ?? []).map((object) => object.Key ?? '');
  expect(keys).toHaveLength(2);
  for (const key of keys) expect([contract, photo]).not.toContain(key.slice(key.lastIndexOf('/') + 1));
  const copy = `${keys[0]?.slice(0, keys[0].lastIndexOf('/'))}/AAAAAAAAAAAAAAAAAAAAAA`;
  await s3.send(new CopyObjectCommand({ Bucket: 'coffer', CopySource: `coffer/${keys[0]}`, Key: copy }));
  const inboxAgain = await owner.showInbox('Codes');
  await expect(inboxAgain.getByRole('rowheader')).toHaveCount(3);
  for (const [name, code] of [
    ['contract.pdf', contract],
    ['photo.jpg', photo],
  ] as const) {
    const shown = await inboxAgain.getByLabel(`Receipt code of ${name}`).allTextContents();
    expect(shown.length).toBeGreaterThan(0);
    expect(new Set(shown)).toEqual(new Set([code]));
  }
});
