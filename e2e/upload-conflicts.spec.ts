import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { Route } from '@playwright/test';
import { seriousViolations } from './axe';
import { downloadedBytes, expect, newPassphrase, randomFile, s3Client, sha256, test, type Page } from './fixtures';
import type { VaultPage } from './pages/vault-page';
import { scratchFolder } from './scratch';

/** The user a test token belongs to (the e2e stack names them e2e<n> for tokens ending in -<n>). */
function userOf(token: string): string {
  return `e2e${token.slice(token.lastIndexOf('-') + 1)}`;
}

/** How many file objects the bucket holds for the user, as an operator would count them. */
async function storedObjects(token: string): Promise<number> {
  const listed = await s3Client().send(new ListObjectsV2Command({ Bucket: 'coffer', Prefix: `users/${userOf(token)}/files/` }));
  return listed.KeyCount ?? 0;
}

/** The question a taken name raises. */
function conflictDialog(page: Page, name?: string) {
  return page.getByRole('dialog', { name: name === undefined ? /already exists$/ : `“${name}” already exists` });
}

/** The SHA-256 of a file downloaded through its row. */
async function downloadedHash(vault: VaultPage, name: string): Promise<string> {
  return sha256(await downloadedBytes(await vault.download(name)));
}

function uploads(page: Page) {
  return page.getByRole('region', { name: 'Uploads' });
}

/** The upload panel's summary: `stored` of `files` stored. */
async function expectStored(page: Page, stored: number, files: number) {
  await expect(uploads(page)).toContainText(`${stored} of ${files} ${files === 1 ? 'file' : 'files'} stored`, { timeout: 60_000 });
}

/** How many rows of the folder on screen show this name. */
function rowsNamed(page: Page, name: string) {
  return page.getByRole('rowheader', { name, exact: true });
}

const old = randomFile('report.pdf', 30_000, 'application/pdf');
const next = randomFile('report.pdf', 40_000, 'application/pdf');

test.describe('uploading a name that already exists in the folder', () => {
  test('Replace stores the new file, then removes the old one: one row, the new bytes, one object in the bucket', async ({ vault, token }) => {
    const passphrase = newPassphrase();
    await vault.createVault(passphrase);
    await vault.upload([old]);
    await vault.page.getByLabel('Upload files').setInputFiles(next);
    const dialog = conflictDialog(vault.page, 'report.pdf');
    await expect(dialog).toContainText('A file named “report.pdf” is already at the top level.');
    await dialog.getByRole('button', { name: 'Replace' }).click();
    await expect(dialog).toHaveCount(0);
    await expectStored(vault.page, 2, 2);
    await expect(rowsNamed(vault.page, 'report.pdf')).toHaveCount(1);
    await expect(vault.row('report.pdf')).toContainText('40 KB');
    expect(await downloadedHash(vault, 'report.pdf')).toBe(sha256(next.buffer));
    await expect.poll(() => storedObjects(token)).toBe(1);
    // A fresh listing agrees: the old file is gone, not hidden.
    await vault.page.reload();
    await vault.unlock(passphrase);
    await expect(vault.row('report.pdf')).toContainText('40 KB');
    await expect(rowsNamed(vault.page, 'report.pdf')).toHaveCount(1);
  });

  test('Keep both stores the new file as “name (2)” before the extension, in the same folder; the old one stays', async ({ vault }) => {
    await vault.createVault(newPassphrase());
    await vault.newFolder('Taxes');
    await vault.upload([old, randomFile('report (2).pdf', 1000, 'application/pdf')]);
    await vault.page.getByLabel('Upload files').setInputFiles(next);
    const dialog = conflictDialog(vault.page, 'report.pdf');
    await expect(dialog).toContainText('already in “Taxes”');
    await expect(dialog).toContainText('The new file is stored as “report (3).pdf”.');
    expect(await seriousViolations(vault.page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Keep both' }).click();
    await expect(vault.row('report (3).pdf')).toBeVisible();
    await expect(rowsNamed(vault.page, 'report.pdf')).toHaveCount(1);
    expect(await downloadedHash(vault, 'report.pdf')).toBe(sha256(old.buffer));
    expect(await downloadedHash(vault, 'report (3).pdf')).toBe(sha256(next.buffer));
  });

  test('Skip uploads nothing; the dialog is a keyboard-operable modal, Keep both focused first', async ({ vault, token }) => {
    await vault.createVault(newPassphrase());
    await vault.upload([old]);
    const puts: string[] = [];
    vault.page.on('request', (request) => {
      if (request.method() === 'PUT') puts.push(request.url());
    });
    await vault.page.getByLabel('Upload files').setInputFiles(next);
    const dialog = conflictDialog(vault.page, 'report.pdf');
    await expect(dialog.getByRole('button', { name: 'Keep both' })).toBeFocused();
    // Focus stays in the modal: Tab goes round its buttons only.
    await vault.page.keyboard.press('Tab');
    await expect(dialog.getByRole('button', { name: 'Replace' })).toBeFocused();
    await vault.page.keyboard.press('Tab');
    await expect(dialog.getByRole('button', { name: 'Skip' })).toBeFocused();
    await vault.page.keyboard.press('Tab');
    await expect(dialog.getByRole('button', { name: 'Keep both' })).toBeFocused();
    await vault.page.keyboard.press('Shift+Tab');
    await vault.page.keyboard.press('Enter');
    await expect(dialog).toHaveCount(0);
    await expect(rowsNamed(vault.page, 'report.pdf')).toHaveCount(1);
    expect(await downloadedHash(vault, 'report.pdf')).toBe(sha256(old.buffer));
    expect(puts).toEqual([]);
    expect(await storedObjects(token)).toBe(1);

    // Escape skips too.
    await vault.page.getByLabel('Upload files').setInputFiles(next);
    await expect(dialog).toBeVisible();
    await vault.page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    expect(puts).toEqual([]);
  });

  test('Replace keeps the old file when the new upload fails; Retry then replaces it', async ({ vault, token }) => {
    await vault.createVault(newPassphrase());
    await vault.upload([old]);
    // Fault: the storage refuses the new file's PUT (not a failure worth retrying on its own).
    const refuse = async (route: Route) => {
      if (route.request().method() !== 'PUT') return route.fallback();
      return route.fulfill({
        status: 400,
        headers: { 'access-control-allow-origin': new URL(vault.page.url()).origin },
        contentType: 'application/xml',
        body: '<Error><Code>InvalidRequest</Code><Message>injected fault</Message></Error>',
      });
    };
    await vault.page.route('**/coffer/users/**', refuse);
    await vault.page.getByLabel('Upload files').setInputFiles(next);
    await conflictDialog(vault.page, 'report.pdf').getByRole('button', { name: 'Replace' }).click();
    const item = vault.page.getByRole('listitem', { name: 'Upload of report.pdf' });
    await expect(item).toContainText('Failed');
    await expect(uploads(vault.page)).toContainText('1 failed');
    // The old file is still there, whole.
    await expect(vault.row('report.pdf')).toContainText('30 KB');
    expect(await downloadedHash(vault, 'report.pdf')).toBe(sha256(old.buffer));
    expect(await storedObjects(token)).toBe(1);

    await vault.page.unroute('**/coffer/users/**', refuse);
    await item.getByRole('button', { name: 'Retry report.pdf' }).click();
    await expectStored(vault.page, 2, 2);
    await expect(item).toHaveCount(0);
    await expect(vault.row('report.pdf')).toContainText('40 KB');
    await expect(rowsNamed(vault.page, 'report.pdf')).toHaveCount(1);
    expect(await downloadedHash(vault, 'report.pdf')).toBe(sha256(next.buffer));
    await expect.poll(() => storedObjects(token)).toBe(1);
  });

  test('a folder uploaded again asks once: “Apply to all” keeps both of every file, the new names free among the batch too', async ({ vault }) => {
    test.setTimeout(180_000);
    await vault.createVault(newPassphrase());
    const root = join(scratchFolder('again-'), 'Scans');
    mkdirSync(root);
    for (let i = 1; i <= 120; i++) writeFileSync(join(root, `page ${i}.txt`), `scanned page ${i}`);
    const picker = vault.page.getByLabel('Upload folder');
    await picker.setInputFiles(root);
    await expect(vault.row('Scans')).toContainText('120 files', { timeout: 120_000 });
    await expectStored(vault.page, 120, 120);
    await uploads(vault.page).getByRole('button', { name: 'Clear', exact: true }).click();

    // The same folder with one file more, and one named as "Keep both" would name another.
    writeFileSync(join(root, 'page 121.txt'), 'scanned page 121');
    writeFileSync(join(root, 'page 1 (2).txt'), 'a name already taken in the batch');
    await picker.setInputFiles(root);
    // Which file the dialog names first is up to the order the browser lists the folder in.
    const dialog = conflictDialog(vault.page);
    await expect(dialog).toContainText('120 files of this upload have names that are taken.');
    expect(await seriousViolations(vault.page)).toEqual([]);
    await dialog.getByLabel('Apply to all 120 conflicts').check();
    await dialog.getByRole('button', { name: 'Keep both' }).click();
    await expect(vault.page.getByRole('dialog')).toHaveCount(0);
    await expect(vault.row('Scans')).toContainText('242 files', { timeout: 120_000 });
    await expectStored(vault.page, 122, 122);
    // The list is virtualised: search brings each name into view (results show the whole path).
    await vault.search('page 120');
    await expect(vault.row('Scans/page 120.txt')).toBeVisible();
    await expect(vault.row('Scans/page 120 (2).txt')).toBeVisible();
    await vault.search('page 1 (');
    await expect(vault.row('Scans/page 1 (3).txt')).toBeVisible();
    expect(await downloadedHash(vault, 'Scans/page 1 (2).txt')).toBe(sha256(Buffer.from('a name already taken in the batch')));
  });

  test('answered one by one without “Apply to all”, each conflict gets its own choice', async ({ vault }) => {
    await vault.createVault(newPassphrase());
    const a = randomFile('a.txt', 100, 'text/plain');
    const b = randomFile('b.txt', 100, 'text/plain');
    await vault.upload([a, b]);
    await vault.page.getByLabel('Upload files').setInputFiles([randomFile('a.txt', 200, 'text/plain'), randomFile('b.txt', 300, 'text/plain')]);
    const dialogA = conflictDialog(vault.page, 'a.txt');
    await expect(dialogA.getByLabel('Apply to all 2 conflicts')).not.toBeChecked();
    await dialogA.getByRole('button', { name: 'Replace' }).click();
    const dialogB = conflictDialog(vault.page, 'b.txt');
    await expect(dialogB).toBeVisible();
    await expect(dialogB.getByLabel(/^Apply to all/)).toHaveCount(0);
    await dialogB.getByRole('button', { name: 'Keep both' }).click();
    await expect(vault.row('b (2).txt')).toContainText('300 B');
    await expect(vault.row('b.txt')).toContainText('100 B');
    await expect(vault.row('a.txt')).toContainText('200 B');
    await expect(rowsNamed(vault.page, 'a.txt')).toHaveCount(1);
  });
});
