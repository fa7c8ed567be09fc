import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Browser, Page } from '@playwright/test';
import { downloadedBytes, expect, newPassphrase, randomFile, s3Client, sha256, test } from './fixtures';
import { GuestRequestPage, OwnerRequests } from './pages/request-pages';
import type { VaultPage } from './pages/vault-page';

/** A guest: a fresh browser context with no token, no vault and nothing stored. */
async function guestPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: process.env.COFFER_E2E_URL });
  return context.newPage();
}

async function ownerWithRequest(vault: VaultPage, title: string, limits: { maxFiles?: number; maxMiB?: number } = {}) {
  await vault.createVault(newPassphrase());
  const owner = new OwnerRequests(vault.page);
  const created = await owner.create(title, limits);
  return { owner, ...created, id: new URL(created.link).pathname.split('/')[2] ?? '' };
}

test('a guest uploads two files (one in a folder); the owner downloads them byte-identical and moves one into the vault', async ({ vault, browser }) => {
  const { owner, link, fingerprint } = await ownerWithRequest(vault, 'Tax papers 2030');
  expect(fingerprint).toMatch(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/);
  expect(new URL(link).hash.length).toBeGreaterThan(40);

  const guest = await GuestRequestPage.open(await guestPage(browser), link);
  await expect(guest.page.getByRole('heading', { name: 'Tax papers 2030' })).toBeVisible();
  expect(await guest.fingerprint()).toBe(fingerprint);
  const payslip = randomFile('payslip.pdf', 300_000, 'application/pdf');
  const scan = randomFile('scans/receipt.png', 70_000, 'image/png');
  await guest.send([payslip, scan]);
  await expect(guest.upload('payslip.pdf')).toContainText('Sent');
  await expect(guest.upload('scans/receipt.png')).toContainText('Sent');
  await expect(guest.page.getByRole('region', { name: 'Receipt' })).toContainText('2 of 2 files sent');

  const inbox = await owner.showInbox('Tax papers 2030');
  await expect(inbox.getByRole('rowheader', { name: 'payslip.pdf', exact: true })).toBeVisible();
  await expect(inbox.getByRole('rowheader', { name: 'scans/receipt.png', exact: true })).toBeVisible();
  expect(sha256(await downloadedBytes(await owner.download('Tax papers 2030', 'payslip.pdf')))).toBe(sha256(payslip.buffer));
  expect(sha256(await downloadedBytes(await owner.download('Tax papers 2030', 'scans/receipt.png')))).toBe(sha256(scan.buffer));

  await inbox.getByRole('button', { name: 'Move payslip.pdf into vault' }).click();
  await expect(inbox.getByRole('rowheader', { name: 'payslip.pdf', exact: true })).toHaveCount(0);
  await expect(inbox.getByRole('rowheader', { name: 'scans/receipt.png', exact: true })).toBeVisible();
  await vault.goTo('Files');
  await expect(vault.row('payslip.pdf')).toBeVisible();
  expect(sha256(await downloadedBytes(await vault.download('payslip.pdf')))).toBe(sha256(payslip.buffer));
});

test('a file over the size limit and one file too many are refused with a clear message', async ({ vault, browser }) => {
  const { link } = await ownerWithRequest(vault, 'Two small files', { maxFiles: 2, maxMiB: 0.25 });
  const guest = await GuestRequestPage.open(await guestPage(browser), link);
  await guest.send([randomFile('too-big.bin', 300_000)]);
  await expect(guest.upload('too-big.bin')).toContainText('Refused');
  await expect(guest.upload('too-big.bin')).toContainText('too large for the request');
  await guest.send([randomFile('one.txt', 1000), randomFile('two.txt', 1000)]);
  await expect(guest.upload('two.txt')).toContainText('Sent');
  await guest.send([randomFile('three.txt', 1000)]);
  await expect(guest.upload('three.txt')).toContainText('Refused');
  await expect(guest.upload('three.txt')).toContainText('at most 2 files');
});

test('a closed request and an expired request refuse uploads and say so', async ({ vault, browser }) => {
  const { owner, link } = await ownerWithRequest(vault, 'Closing soon');
  const guest = await GuestRequestPage.open(await guestPage(browser), link);
  await expect(guest.page.getByRole('heading', { name: 'Closing soon' })).toBeVisible();
  await owner.close('Closing soon');
  await guest.send([randomFile('late.txt', 1000)]);
  await expect(guest.upload('late.txt')).toContainText('The owner closed this file request');
  await guest.page.reload();
  await expect(guest.page.getByRole('alert')).toContainText('The owner closed this file request');

  const expiring = await owner.create('Expiring');
  const id = new URL(expiring.link).pathname.split('/')[2] ?? '';
  const open = await GuestRequestPage.open(await guestPage(browser), expiring.link);
  await expect(open.page.getByRole('heading', { name: 'Expiring' })).toBeVisible();
  // Time cannot pass in a test: the operator moves the record's expiry into the past, as time would.
  const s3 = s3Client();
  const stored = await s3.send(new GetObjectCommand({ Bucket: 'coffer', Key: `requests/${id}.json` }));
  const record = JSON.parse((await stored.Body?.transformToString()) ?? '{}') as { expiresAt: string };
  record.expiresAt = new Date(Date.now() - 1000).toISOString();
  await s3.send(new PutObjectCommand({ Bucket: 'coffer', Key: `requests/${id}.json`, Body: JSON.stringify(record), ContentType: 'application/json' }));
  await open.send([randomFile('after-expiry.txt', 1000)]);
  await expect(open.upload('after-expiry.txt')).toContainText('This file request expired');
});

test("a guest cannot sign a GET, a DELETE or a key outside its inbox; uploads land in the request's inbox only", async ({ vault, browser, token }) => {
  const { id } = await ownerWithRequest(vault, 'Locked down');
  const guest = (await guestPage(browser)).request;
  const sign = (body: Record<string, unknown>) => guest.post(`/v1/public/requests/${id}/uploads`, { data: body });
  for (const body of [
    { method: 'GET', contentLength: 10 },
    { method: 'DELETE', contentLength: 10 },
    { key: 'files/somebody-elses.bin', contentLength: 10 },
    { key: `inbox/${id}/overwrite-me`, contentLength: 10 },
  ]) {
    const answer = await sign(body);
    expect(answer.status(), JSON.stringify(body)).toBe(403);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  }
  expect((await guest.get('/v1/objects')).status()).toBe(401);
  expect((await guest.get(`/v1/requests`)).status()).toBe(401);

  const me = (await (await vault.page.request.get('/v1/me', { headers: { authorization: `Bearer ${token}` } })).json()) as { user: string };
  const signed = (await (await sign({ contentLength: 10 })).json()) as { url: string };
  expect(new URL(signed.url).pathname).toMatch(new RegExp(`^/coffer/users/${me.user}/inbox/${id}/[A-Za-z0-9_-]{22}$`));
});

test("a link whose key was changed is refused before anything is uploaded", async ({ vault, browser }) => {
  const { link } = await ownerWithRequest(vault, 'Tamper check');
  const url = new URL(link);
  const key = url.hash.slice(1);
  url.hash = (key[0] === 'A' ? 'B' : 'A') + key.slice(1);
  const page = await guestPage(browser);
  const signing: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/uploads') || request.method() === 'PUT') signing.push(request.url());
  });
  await page.goto(url.toString());
  await expect(page.getByRole('alert')).toContainText("This link's key does not match the key the owner registered");
  await expect(page.getByLabel('Upload files')).toHaveCount(0);
  expect(signing).toEqual([]);
});
