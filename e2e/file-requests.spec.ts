import { DeleteObjectCommand, GetObjectCommand, ListMultipartUploadsCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Browser, Page } from '@playwright/test';
import { bigFile, MiB, sha256Of } from './big-file';
import { downloadedBytes, expect, newPassphrase, randomFile, s3Client, sha256, test } from './fixtures';
import { GuestRequestPage, OwnerRequests } from './pages/request-pages';
import { VaultPage } from './pages/vault-page';

/** A guest: a fresh browser context with no token, no vault and nothing stored. */
async function guestPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: process.env.COFFER_E2E_URL });
  return context.newPage();
}

async function ownerWithRequest(vault: VaultPage, title: string, limits: { maxFiles?: number; maxMB?: number } = {}) {
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
  await expect(guest.page.getByRole('region', { name: 'Receipt', exact: true })).toContainText('2 of 2 files sent');

  const inbox = await owner.showInbox('Tax papers 2030');
  await expect(inbox.getByRole('rowheader', { name: 'payslip.pdf', exact: true })).toBeVisible();
  await expect(inbox.getByRole('rowheader', { name: 'scans/receipt.png', exact: true })).toBeVisible();
  expect(sha256(await downloadedBytes(await owner.download('Tax papers 2030', 'payslip.pdf')))).toBe(sha256(payslip.buffer));
  expect(sha256(await downloadedBytes(await owner.download('Tax papers 2030', 'scans/receipt.png')))).toBe(sha256(scan.buffer));

  await owner.moveIntoVault('Tax papers 2030', 'payslip.pdf');
  await expect(inbox.getByRole('rowheader', { name: 'payslip.pdf', exact: true })).toHaveCount(0);
  await expect(inbox.getByRole('rowheader', { name: 'scans/receipt.png', exact: true })).toBeVisible();
  await vault.goTo('Files');
  await expect(vault.row('payslip.pdf')).toBeVisible();
  expect(sha256(await downloadedBytes(await vault.download('payslip.pdf')))).toBe(sha256(payslip.buffer));
});

test('files that do not fit what is left wait before sending; what another guest took first is refused by the endpoint, in plain words', async ({
  vault,
  browser,
}) => {
  const { link } = await ownerWithRequest(vault, 'Two small files', { maxFiles: 2, maxMB: 0.25 });
  const guest = await GuestRequestPage.open(await guestPage(browser), link);
  await expect(guest.room).toContainText('up to 2 more files, 250 KB in all.');
  await guest.choose([randomFile('too-big.bin', 300_000)]);
  const ready = guest.page.getByRole('region', { name: /^Ready to send/ });
  await expect(ready.getByRole('alert')).toHaveText('These files come to 300 KB, and the request takes up to 250 KB more: remove some before sending.');
  await expect(ready.getByRole('button', { name: 'Send 1 file' })).toBeDisabled();
  await guest.chosen('too-big.bin').getByRole('button', { name: 'Remove too-big.bin' }).click();
  await expect(ready).toHaveCount(0);

  // Another guest sends a file first: this page still says two are left, so the endpoint, which counts, decides.
  const other = await GuestRequestPage.open(await guestPage(browser), link);
  await other.send([randomFile('first.txt', 1000)]);
  await expect(other.upload('first.txt')).toContainText('Sent');
  await expect(guest.room).toContainText('up to 2 more files');
  await guest.send([randomFile('one.txt', 1000), randomFile('two.txt', 1000)]);
  await expect(guest.upload('one.txt')).toContainText('Sent');
  await expect(guest.upload('two.txt')).toContainText('Refused');
  await expect(guest.upload('two.txt')).toContainText('This file request takes at most 2 files, and all were sent');
  await expect(guest.room).toHaveText('This request has all the files it takes: nothing more can be sent.');
  await expect(guest.picker).toBeDisabled();
});

test('a closed request and an expired request refuse uploads and say so', async ({ vault, browser }) => {
  const { owner, link } = await ownerWithRequest(vault, 'Closing soon');
  const guest = await GuestRequestPage.open(await guestPage(browser), link);
  await expect(guest.page.getByRole('heading', { name: 'Closing soon' })).toBeVisible();
  await owner.close('Closing soon');
  await guest.send([randomFile('late.txt', 1000)]);
  await expect(guest.upload('late.txt')).toHaveText(/The owner closed this file request: it takes no more files\.$/);
  await expect(guest.room).toHaveText('The owner closed this file request: it takes no more files.');
  await expect(guest.picker).toBeDisabled();
  await guest.page.reload();
  await expect(guest.page.getByRole('alert')).toContainText('The owner closed this file request: it takes no more files.');

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
  await expect(open.upload('after-expiry.txt')).toContainText('This file request expired: it takes no more files.');
  await expect(open.picker).toBeDisabled();
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
  await expect(page.getByLabel('Add files')).toHaveCount(0);
  expect(signing).toEqual([]);
});

/** Records every [value, max] the guest page's overall progress bar shows, as the page renders it. */
async function recordProgress(page: Page): Promise<() => Promise<[number, number][]>> {
  await page.evaluate(() => {
    const seen: [number, number][] = [];
    (window as unknown as { coffer_progress: [number, number][] }).coffer_progress = seen;
    new MutationObserver(() => {
      const bar = document.querySelector<HTMLProgressElement>('progress[aria-label="Upload progress"]');
      if (bar) seen.push([bar.value, bar.max]);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['value', 'max'] });
  });
  return () => page.evaluate(() => (window as unknown as { coffer_progress: [number, number][] }).coffer_progress);
}

test.describe('large guest files', () => {
  test.setTimeout(240_000);

  test('a guest sends a 40 MiB file in parts with byte progress; the owner downloads it, moves it into the vault and downloads it again, byte-identical', async ({
    vault,
    browser,
  }) => {
    const { owner, link } = await ownerWithRequest(vault, 'Raw footage', { maxMB: 100 });
    const file = await bigFile('footage.mov', 40 * MiB + 4321);
    const guest = await GuestRequestPage.open(await guestPage(browser), link);
    await expect(guest.page.getByRole('heading', { name: 'Raw footage' })).toBeVisible();
    const parts = new Set<number>();
    guest.page.on('request', (request) => {
      const partNumber = new URL(request.url()).searchParams.get('partNumber');
      if (request.method() === 'PUT' && partNumber !== null) parts.add(Number(partNumber));
    });
    const progress = await recordProgress(guest.page);
    await guest.choose(file.path);
    await guest.sendChosen();
    await expect(guest.upload('footage.mov')).toContainText('Sent', { timeout: 120_000 });
    expect(parts.size).toBeGreaterThanOrEqual(7); // parts of at least 5 MiB: 40 MiB and the header make 8 of 5.5 MiB
    const between = (await progress()).filter(([value, max]) => value > 0 && value < max);
    expect(between.length).toBeGreaterThan(0);
    const receipt = guest.page.getByRole('region', { name: 'Receipt', exact: true });
    await expect(receipt).toContainText('1 of 1 file sent');
    const code = await guest.receiptCode('footage.mov');
    expect(code).toMatch(/^([0-9a-f]{4}-){7}[0-9a-f]{4}$/);

    const inbox = await owner.showInbox('Raw footage');
    await expect(inbox.getByRole('rowheader', { name: 'footage.mov', exact: true })).toBeVisible();
    await expect(inbox.getByLabel('Receipt code of footage.mov')).toHaveText(code); // a multipart upload's code too
    const fromInbox = await owner.download('Raw footage', 'footage.mov');
    expect(fromInbox.suggestedFilename()).toBe('footage.mov');
    expect(await fromInbox.failure()).toBeNull();
    expect(await sha256Of(await fromInbox.path())).toBe(file.sha256);

    await owner.moveIntoVault('Raw footage', 'footage.mov');
    await expect(inbox.getByRole('rowheader', { name: 'footage.mov', exact: true })).toHaveCount(0, { timeout: 120_000 });
    await vault.goTo('Files');
    await expect(vault.row('footage.mov')).toBeVisible();
    const fromVault = await vault.download('footage.mov');
    expect(await fromVault.failure()).toBeNull();
    expect(await sha256Of(await fromVault.path())).toBe(file.sha256);
  });

  test('a cancelled guest upload leaves no multipart upload in the bucket and gives the request its file back', async ({ vault, browser, token }) => {
    const { link } = await ownerWithRequest(vault, 'Cancel me', { maxFiles: 1, maxMB: 100 });
    const me = (await (await vault.page.request.get('/v1/me', { headers: { authorization: `Bearer ${token}` } })).json()) as { user: string };
    const file = await bigFile('huge.bin', 30 * MiB);
    const guest = await GuestRequestPage.open(await guestPage(browser), link);
    await expect(guest.page.getByRole('heading', { name: 'Cancel me' })).toBeVisible();
    // A fault: the network stalls after the first part, so the guest can cancel in the middle of the upload.
    await guest.page.route(
      (url) => Number(url.searchParams.get('partNumber') ?? 0) > 1,
      () => undefined,
    );
    await guest.choose(file.path);
    await guest.sendChosen();
    await expect(guest.page.getByLabel('Bytes sent of huge.bin')).toContainText(/^[1-9][\d.]* MB of/, { timeout: 60_000 });
    const s3 = s3Client();
    const inProgress = async () =>
      (await s3.send(new ListMultipartUploadsCommand({ Bucket: 'coffer', Prefix: `users/${me.user}/inbox/` }))).Uploads?.length ?? 0;
    expect(await inProgress()).toBe(1);
    await guest.page.getByRole('button', { name: 'Cancel huge.bin' }).click();
    await expect(guest.upload('huge.bin')).toContainText('Cancelled');
    await expect.poll(inProgress).toBe(0);

    await guest.page.unrouteAll({ behavior: 'ignoreErrors' });
    await guest.send([randomFile('instead.txt', 1000)]);
    await expect(guest.upload('instead.txt')).toContainText('Sent'); // the request takes one file: the cancelled one was given back
  });

  test('a guest who reloads the page in the middle of an upload leaves no multipart upload and gets the file back', async ({ vault, browser, token }) => {
    const { link, id } = await ownerWithRequest(vault, 'Reload me', { maxFiles: 1, maxMB: 100 });
    const me = (await (await vault.page.request.get('/v1/me', { headers: { authorization: `Bearer ${token}` } })).json()) as { user: string };
    const file = await bigFile('halfway.bin', 30 * MiB);
    const guest = await GuestRequestPage.open(await guestPage(browser), link);
    // A fault: the network stalls after the first part, so the page is reloaded in the middle of the upload.
    await guest.page.route(
      (url) => Number(url.searchParams.get('partNumber') ?? 0) > 1,
      () => undefined,
    );
    await guest.choose(file.path);
    await guest.sendChosen();
    await expect(guest.page.getByLabel('Bytes sent of halfway.bin')).toContainText(/^[1-9][\d.]* MB of/, { timeout: 60_000 });
    const s3 = s3Client();
    const inProgress = async () =>
      (await s3.send(new ListMultipartUploadsCommand({ Bucket: 'coffer', Prefix: `users/${me.user}/inbox/` }))).Uploads?.length ?? 0;
    expect(await inProgress()).toBe(1);

    await guest.page.unrouteAll({ behavior: 'ignoreErrors' });
    await guest.page.reload();
    await expect.poll(inProgress).toBe(0);
    const filesLeft = async () => ((await (await guest.page.request.get(`/v1/public/requests/${id}`)).json()) as { filesLeft: number }).filesLeft;
    await expect.poll(filesLeft).toBe(1);
    // The reloaded page may have read the request before the abort reached the endpoint: the guest opens it again.
    await guest.page.reload();
    await guest.send([randomFile('after reload.txt', 1000)]);
    await expect(guest.upload('after reload.txt')).toContainText('Sent'); // the request takes one file: the cut-off one was given back
  });
});

test('two tabs unlocking a vault without a key pair at once end up with one key pair', async ({ vault, browser, token }) => {
  const passphrase = newPassphrase();
  await vault.createVault(passphrase);
  const me = (await (await vault.page.request.get('/v1/me', { headers: { authorization: `Bearer ${token}` } })).json()) as { user: string };
  const s3 = s3Client();
  const keypair = `users/${me.user}/vault/keypair.coffer`;
  // A vault made before file requests: the operator removes its key pair object.
  await expect.poll(async () => (await s3.send(new ListObjectsV2Command({ Bucket: 'coffer', Prefix: keypair }))).KeyCount).toBe(1);
  await s3.send(new DeleteObjectCommand({ Bucket: 'coffer', Key: keypair }));
  await vault.page.close();

  const tabs = await Promise.all([0, 1].map(async () => VaultPage.open(await (await browser.newContext({ baseURL: process.env.COFFER_E2E_URL })).newPage(), token)));
  await Promise.all(tabs.map((tab) => tab.unlock(passphrase)));
  const fingerprints = await Promise.all(
    tabs.map(async (tab, i) => (await new OwnerRequests(tab.page).create(`Tab ${i}`)).fingerprint),
  );
  expect(fingerprints[0]).toMatch(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/);
  expect(fingerprints[1]).toBe(fingerprints[0]);
});
