import type { Locator, Request } from '@playwright/test';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { downloadedBytes, expect, newPassphrase, randomFile, s3Client, sha256, test } from './fixtures';
import { OwnerShares, RecipientPage } from './pages/share-pages';

/** A local `yyyy-mm-ddThh:mm:ss` `seconds` from now, in the page's time zone (what a datetime-local input takes). */
function localTimeIn(seconds: number): string {
  const ms = Date.now() + seconds * 1000;
  return new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
}

test('a recipient without an account downloads the exact bytes; a limit of 1 then says "used up"', async ({ vault, browser }) => {
  test.slow(); // 33 MiB up and down: the recipient's download streams to disk through the service worker.
  await vault.createVault(newPassphrase());
  const file = randomFile('holiday.mov', 33 * 1024 * 1024 + 123, 'video/quicktime');
  await vault.page.getByLabel('Upload files').setInputFiles([file]);
  await expect(vault.row('holiday.mov')).toBeVisible({ timeout: 120_000 });
  const link = await new OwnerShares(vault).share('holiday.mov', { expiry: '1 day', maxDownloads: 1 });
  expect(link).toMatch(/\/s\/[A-Za-z0-9_-]{22}#k1\.[A-Za-z0-9_-]{43}\.f1\.[A-Za-z0-9_-]+$/);

  const recipient = await RecipientPage.open(browser, link);
  await expect(recipient.fileHeading('holiday.mov')).toBeVisible();
  await expect(recipient.page.getByText(/^35 MB, end-to-end encrypted/)).toBeVisible();
  const download = await recipient.download();
  expect(download.suggestedFilename()).toBe('holiday.mov');
  expect(sha256(await downloadedBytes(download))).toBe(sha256(file.buffer));

  await recipient.page.reload();
  await expect(recipient.alert()).toContainText('This link has been used up');
  await recipient.close();
});

test('the owner sees the share, revokes it, and the link stops working at once', async ({ vault, browser }) => {
  const passphrase = newPassphrase();
  await vault.createVault(passphrase);
  const file = randomFile('contract.pdf', 300_000, 'application/pdf');
  await vault.upload([file]);
  const shares = new OwnerShares(vault);
  const link = await shares.share('contract.pdf', { expiry: '7 days', maxDownloads: 3 });
  await shares.open();
  await expect(shares.row('contract.pdf')).toContainText('0 used, 3 left');

  const recipient = await RecipientPage.open(browser, link);
  await expect(recipient.fileHeading('contract.pdf')).toBeVisible();
  expect(sha256(await downloadedBytes(await recipient.download()))).toBe(sha256(file.buffer));
  await vault.page.reload();
  await vault.unlock(passphrase);
  await expect(shares.row('contract.pdf')).toContainText('1 used, 2 left');

  // Revoking asks first; Cancel leaves the link working.
  await shares.row('contract.pdf').getByRole('button', { name: 'Revoke link to contract.pdf' }).click();
  const asking = vault.page.getByRole('dialog', { name: 'Revoke the link to contract.pdf?' });
  await expect(asking).toContainText('This cannot be undone');
  await asking.getByRole('button', { name: 'Cancel' }).click();
  await expect(asking).toHaveCount(0);
  await expect(shares.row('contract.pdf')).toContainText('Works until');
  await shares.revoke('contract.pdf');
  await expect(vault.toast('Revoked the link to contract.pdf.')).toBeVisible();
  await expect(shares.row('contract.pdf')).toContainText(/Revoked on .*\d.*1 of 3 used/);
  await recipient.page.getByRole('button', { name: 'Download' }).click();
  await expect(recipient.alert()).toContainText('The owner revoked this link on');
  await recipient.page.reload();
  await expect(recipient.alert()).toContainText('The owner revoked this link on');
  await recipient.close();
});

test('used-up and expired links stay in the list for 7 days, saying why and when; only working ones can be revoked', async ({ vault, browser }) => {
  await vault.createVault(newPassphrase());
  await vault.upload([randomFile('once.txt', 1000, 'text/plain'), randomFile('late.txt', 1000, 'text/plain'), randomFile('open.txt', 1000, 'text/plain')]);
  const shares = new OwnerShares(vault);
  const once = await shares.share('once.txt', { expiry: '1 day', maxDownloads: 1 });
  const late = await shares.share('late.txt', { expiry: '1 day' });
  await shares.share('open.txt', { expiry: '7 days', maxDownloads: 3 });

  const recipient = await RecipientPage.open(browser, once);
  await recipient.download();
  await recipient.close();
  // Time cannot pass in a test: the operator moves the record's expiry into the past, as time would.
  const key = `shares/${new URL(late).pathname.split('/')[2] ?? ''}.json`;
  const s3 = s3Client();
  const record = JSON.parse((await (await s3.send(new GetObjectCommand({ Bucket: 'coffer', Key: key }))).Body?.transformToString()) ?? '{}') as { expiresAt: string };
  record.expiresAt = new Date(Date.now() - 60_000).toISOString();
  await s3.send(new PutObjectCommand({ Bucket: 'coffer', Key: key, Body: JSON.stringify(record), ContentType: 'application/json' }));

  await shares.open();
  await expect(vault.page.getByText('Links that expired, were used up or were revoked stay listed for 7 days, then they go.')).toBeVisible();
  await expect(shares.row('open.txt')).toContainText(/Works until .*\d.*0 used, 3 left/);
  await expect(shares.row('once.txt')).toContainText(/Used up: 1 of 1 downloads, the last on .*\d/);
  await expect(shares.row('late.txt')).toContainText(/Expired on .*\d/);
  for (const ended of ['once.txt', 'late.txt']) await expect(shares.row(ended).getByRole('button')).toHaveCount(0);
  await expect(shares.row('open.txt').getByRole('button', { name: 'Revoke link to open.txt' })).toBeEnabled();
  // Working links first, then the ended ones, the latest ended first (the expiry was moved a minute back).
  const names = vault.page.getByRole('table', { name: 'Share links' }).getByRole('rowheader');
  await expect(names).toHaveText(['open.txt', 'once.txt', 'late.txt']);
});

test('the made link repeats what was set: until when, the download limit, and whether a password is needed', async ({ vault }) => {
  await vault.createVault(newPassphrase());
  await vault.upload([randomFile('report.pdf', 5000, 'application/pdf')]);
  const shares = new OwnerShares(vault);
  const facts = (dialog: Locator) => dialog.getByRole('list', { name: 'What this link allows' }).getByRole('listitem');

  const guarded = await shares.create('report.pdf', { expiry: '7 days', maxDownloads: 3, password: 'magnet walrus pepper' });
  // The date as the page writes it (its locale and time zone), 7 days on.
  const week = await vault.page.evaluate(() => new Date(Date.now() + 7 * 86_400_000).toLocaleDateString());
  await expect(facts(guarded)).toHaveText([
    new RegExp(`^Works until ${week}, .*\\.$`),
    'Up to 3 downloads.',
    'Password protected: send the password another way than the link (say it, or use another app), so one message alone opens nothing.',
  ]);
  await guarded.getByRole('button', { name: 'Close' }).click();

  const open = await shares.create('report.pdf', { expiry: '1 hour' });
  await expect(facts(open)).toHaveText([/^Works until /, 'No download limit.', 'No password: whoever has the link can download the file.']);
  await open.getByRole('button', { name: 'Close' }).click();

  const direct = await shares.create('report.pdf', { expiry: '1 day', direct: true });
  await expect(facts(direct).nth(1)).toHaveText('Any number of downloads; a direct link cannot be revoked.');
});

test('a link with a short custom expiry says when it expired', async ({ vault, browser, request }) => {
  test.slow(); // The link really lives 20 s: the endpoint's clock decides, not the page's.
  await vault.createVault(newPassphrase());
  await vault.upload([randomFile('soon.txt', 1000, 'text/plain')]);
  const link = await new OwnerShares(vault).share('soon.txt', { expiry: localTimeIn(20) });
  const id = new URL(link).pathname.split('/')[2];
  // Wait for the endpoint to call the share expired (polling its state, as a recipient would by reloading).
  await expect.poll(async () => (await request.get(`/v1/public/shares/${id}`)).status(), { timeout: 45_000, intervals: [1000] }).toBe(410);
  const recipient = await RecipientPage.open(browser, link);
  await expect(recipient.alert()).toContainText(/This link has expired: it stopped working on .*\d/);
  await recipient.close();
});

test('a password link opens nothing without the password: wrong password, another try, then the file', async ({ vault, browser }) => {
  await vault.createVault(newPassphrase());
  const file = randomFile('taxes.xlsx', 2 * 1024 * 1024 + 5);
  await vault.upload([file]);
  const link = await new OwnerShares(vault).share('taxes.xlsx', { expiry: '1 hour', password: 'open sesame 42' });
  expect(link).toMatch(/#p1\.[A-Za-z0-9_-]{102}\.f1\.[A-Za-z0-9_-]+$/);

  const recipient = await RecipientPage.open(browser, link);
  await recipient.enterPassword('open sesame 43');
  await expect(recipient.alert()).toHaveText('Wrong password, or the link was changed: check the password and try again.');
  await expect(recipient.fileHeading('taxes.xlsx')).toHaveCount(0);
  await recipient.enterPassword('open sesame 42');
  await expect(recipient.fileHeading('taxes.xlsx')).toBeVisible();
  expect(sha256(await downloadedBytes(await recipient.download()))).toBe(sha256(file.buffer));
  await recipient.close();
});

test('a share password too easy to guess offline is refused before anything is made; a strong one is taken', async ({ vault }) => {
  await vault.createVault(newPassphrase());
  await vault.upload([randomFile('payroll.csv', 5000, 'text/csv')]);
  const made: string[] = [];
  vault.page.on('request', (request: Request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname.startsWith('/v1/shares')) made.push(request.url());
  });
  await vault.row('payroll.csv').getByRole('button', { name: /^Share/ }).click();
  const dialog = vault.page.getByRole('dialog', { name: 'Share payroll.csv' });
  const password = dialog.getByLabel('Password (optional)');
  // zxcvbn scores this one 4 ("very strong"), yet 10^11 guesses is weeks for a few GPUs against Argon2id.
  for (const weak of ['letmein', 'Tr0ub4dor&3']) {
    await password.fill(weak);
    await dialog.getByRole('button', { name: 'Create link' }).click();
    await expect(dialog.getByRole('alert')).toHaveText(/^The password is too easy to guess for a link: whoever gets the link can try passwords offline/);
  }
  await expect(dialog.getByLabel('Share link')).toHaveCount(0);
  expect(made).toEqual([]);

  await password.fill('magnet walrus pepper');
  await expect(dialog.getByText(/would take .* to guess offline/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Create link' }).click();
  await expect(dialog.getByLabel('Share link')).toHaveValue(/#p1\./);
});

test('a direct link works with no share record and no call to the endpoint', async ({ vault, browser }) => {
  await vault.createVault(newPassphrase());
  const file = randomFile('direct.bin', 700_000);
  await vault.upload([file]);
  const shares = new OwnerShares(vault);
  await vault.row('direct.bin').getByRole('button', { name: /^Share/ }).click();
  await vault.page.getByLabel('Direct link (not listed, cannot be revoked)').check();
  await expect(vault.page.getByText('Coffer keeps no record of it')).toBeVisible();
  await vault.page.getByRole('button', { name: 'Close' }).click();
  const link = await shares.share('direct.bin', { direct: true, expiry: '1 hour' });
  expect(new URL(link).pathname).toBe('/s/direct');
  await shares.open();
  await expect(vault.page.getByText('No share links.')).toBeVisible();

  const recipient = await RecipientPage.open(browser, link);
  const endpointCalls: string[] = [];
  recipient.page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/v1/')) endpointCalls.push(r.url());
  });
  await expect(recipient.fileHeading('direct.bin')).toBeVisible();
  expect(sha256(await downloadedBytes(await recipient.download()))).toBe(sha256(file.buffer));
  expect(endpointCalls).toEqual([]);
  await recipient.close();
});

test('no request of the whole share flow carries the file key, the share password or the vault passphrase', async ({ vault, browser }) => {
  const seen: Promise<{ text: string; where: string }>[] = [];
  const capture = (r: Request) =>
    seen.push(
      r.allHeaders().then((headers) => ({
        text: [r.url(), ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), r.postDataBuffer()?.toString('latin1') ?? ''].join('\n'),
        where: `${r.method()} ${r.url().split('?')[0]}`,
      })),
    );
  vault.page.on('request', capture);
  const passphrase = newPassphrase();
  const password = 'share pass phrase 7';
  await vault.createVault(passphrase);
  const file = randomFile('secret-plans.pdf', 1024 * 1024 + 3);
  await vault.upload([file]);
  const shares = new OwnerShares(vault);
  const keyLink = await shares.share('secret-plans.pdf', { expiry: '1 hour' });
  const passwordLink = await shares.share('secret-plans.pdf', { expiry: '1 hour', password, maxDownloads: 2 });

  for (const [link, pw] of [[keyLink, undefined], [passwordLink, password]] as const) {
    const recipient = await RecipientPage.open(browser, link);
    recipient.context.on('request', capture);
    if (pw !== undefined) {
      await recipient.enterPassword('not the password');
      await expect(recipient.alert()).toContainText('Wrong password');
      await recipient.enterPassword(pw);
    }
    await expect(recipient.fileHeading('secret-plans.pdf')).toBeVisible();
    expect(sha256(await downloadedBytes(await recipient.download()))).toBe(sha256(file.buffer));
    await recipient.close();
  }

  // The fragments are `k1.<file key>.f1.<sealed name>` and `p1.<wrapped key>.f1.<sealed name>`.
  const fileKey = Buffer.from(new URL(keyLink).hash.split('.')[1] ?? '', 'base64url');
  const wrapped = new URL(passwordLink).hash.split('.')[1] ?? '';
  expect(fileKey).toHaveLength(32);
  expect(wrapped).toHaveLength(102);
  const secrets: [string, string[]][] = [
    ['file key', [fileKey.toString('base64url'), fileKey.toString('base64'), fileKey.toString('hex'), fileKey.toString('latin1')]],
    ['password-wrapped key', [wrapped]],
    ['share password', [password, encodeURIComponent(password)]],
    ['vault passphrase', [passphrase, encodeURIComponent(passphrase)]],
  ];
  const requests = await Promise.all(seen);
  expect(requests.length).toBeGreaterThan(20);
  expect(requests.some((r) => r.where.includes('/v1/public/shares/'))).toBe(true);
  const leaks = requests.flatMap((r) => secrets.filter(([, forms]) => forms.some((f) => r.text.includes(f))).map(([name]) => `${name} in ${r.where}`));
  expect(leaks).toEqual([]);
});

test("a file renamed in the vault reaches its recipient under its new name; a link whose name part was changed does not open", async ({ vault, browser }) => {
  await vault.createVault(newPassphrase());
  const file = randomFile('IMG_0234.jpg', 200_000, 'image/jpeg');
  await vault.upload([file]);
  await vault.row('IMG_0234.jpg').getByRole('button', { name: /^Rename/ }).click();
  const rename = vault.page.getByRole('dialog', { name: 'Rename IMG_0234.jpg' });
  await rename.getByLabel('New name').fill('Passport – scan.jpg');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(vault.row('Passport – scan.jpg')).toBeVisible();

  // The header inside the object still holds the upload-time name; the link carries the current one, sealed.
  const link = await new OwnerShares(vault).share('Passport – scan.jpg', { expiry: '1 hour' });
  expect(link).not.toContain('Passport');
  const recipient = await RecipientPage.open(browser, link);
  await expect(recipient.fileHeading('Passport – scan.jpg')).toBeVisible();
  const download = await recipient.download();
  expect(download.suggestedFilename()).toBe('Passport – scan.jpg');
  expect(sha256(await downloadedBytes(download))).toBe(sha256(file.buffer));
  await recipient.close();

  const sealed = link.slice(link.lastIndexOf('.') + 1);
  const changed = `${link.slice(0, link.length - sealed.length)}${sealed.startsWith('A') ? 'B' : 'A'}${sealed.slice(1)}`;
  const tampered = await RecipientPage.open(browser, changed);
  await expect(tampered.alert()).toHaveText(/^This link is incomplete or was changed/);
  await expect(tampered.fileHeading('Passport – scan.jpg')).toHaveCount(0);
  await expect(tampered.fileHeading('IMG_0234.jpg')).toHaveCount(0);
  await tampered.close();
});
