import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { expect, newPassphrase, s3Client, test } from './fixtures';
import type { VaultPage } from './pages/vault-page';
import { scratchFolder } from './scratch';

/**
 * The storage operator's attack on sealed names (format SPEC section 11): it cannot read a name, but it can put one
 * file's bytes under another file's key, or another file's name onto an object. The vault must never show one file's
 * bytes under another file's name.
 */

/** The user a test token belongs to (the e2e stack names them e2e<n> for tokens ending in -<n>). */
function userOf(token: string): string {
  return `e2e${token.slice(token.lastIndexOf('-') + 1)}`;
}

/** The full bucket keys of a user's file objects, as the operator lists them. */
async function fileKeys(token: string): Promise<string[]> {
  const listed = await s3Client().send(new ListObjectsV2Command({ Bucket: 'coffer', Prefix: `users/${userOf(token)}/files/` }));
  return (listed.Contents ?? []).map((o) => o.Key ?? '');
}

async function objectBytes(key: string): Promise<Uint8Array> {
  const object = await s3Client().send(new GetObjectCommand({ Bucket: 'coffer', Key: key }));
  return (await object.Body?.transformToByteArray()) ?? new Uint8Array();
}

async function putObject(key: string, body: Uint8Array): Promise<void> {
  await s3Client().send(new PutObjectCommand({ Bucket: 'coffer', Key: key, Body: body }));
}

/** The random id of a file object's bucket key (`users/<u>/files/<id>.<token, maybe cut by '/'>`). */
function idOf(key: string): string {
  return key.split('/')[3]?.split('.')[0] ?? '';
}

const A = { name: 'pay-alice.txt', text: 'Pay Alice 100 EUR from the joint account.\n' };
const B = { name: 'pay-mallory.txt', text: 'Pay Mallory 9,99 EUR from joint accounts.\n' };

/**
 * Uploads the two files one after the other, the same size, type and modification time (only their names and bytes
 * differ, so only the name's binding to its header tells them apart); returns their bucket keys.
 */
async function uploadTwo(vault: VaultPage, token: string): Promise<{ keyA: string; keyB: string }> {
  expect(A.text.length).toBe(B.text.length);
  const dir = scratchFolder('moved-names-');
  const when = new Date('2026-03-01T12:00:00Z');
  const keys: string[] = [];
  for (const file of [A, B]) {
    const path = join(dir, file.name);
    writeFileSync(path, file.text);
    utimesSync(path, when, when);
    await vault.page.getByLabel('Upload files').setInputFiles(path);
    await expect(vault.row(file.name)).toBeVisible();
    const key = (await fileKeys(token)).find((k) => !keys.includes(k));
    if (key === undefined) throw new Error(`no object for ${file.name}`);
    keys.push(key);
  }
  return { keyA: keys[0] ?? '', keyB: keys[1] ?? '' };
}

test("another file's bytes under a file's key are refused at download and preview, with a plain message", async ({ vault, token }) => {
  const passphrase = newPassphrase();
  await vault.createVault(passphrase);
  const { keyA, keyB } = await uploadTwo(vault, token);

  // The operator copies B's object (header and all) over A's: same id, same sealed name, B's bytes.
  await putObject(keyA, await objectBytes(keyB));
  await vault.page.reload();
  await vault.unlock(passphrase);
  await expect(vault.row(A.name)).toBeVisible();

  const downloads: string[] = [];
  vault.page.on('download', (d) => downloads.push(d.suggestedFilename()));
  await vault.row(A.name).getByRole('button', { name: /^Download/ }).click();
  const alert = vault.page.getByRole('alert').filter({ hasText: 'This file was changed in storage' });
  await expect(alert).toContainText('sealed for another file');
  // Refused once the header is read, before any byte of the payload: nothing reached the browser's downloads.
  expect(downloads).toEqual([]);

  await vault.row(A.name).getByRole('button', { name: /^Preview/ }).click();
  const dialog = vault.page.getByRole('dialog', { name: A.name });
  await expect(dialog.getByRole('alert')).toContainText('This file was changed in storage');
  await expect(dialog).not.toContainText('Mallory');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Nor does a share link or a rename carry A's name on to B's bytes.
  await vault.row(A.name).getByRole('button', { name: /^Share/ }).click();
  const share = vault.page.getByRole('dialog', { name: `Share ${A.name}` });
  await share.getByRole('button', { name: 'Create link' }).click();
  await expect(share.getByRole('alert')).toContainText('This file was changed in storage');
  await expect(share.getByLabel('Share link')).toHaveCount(0);
  await share.getByRole('button', { name: 'Close' }).click();
  await vault.row(A.name).getByRole('button', { name: /^Rename/ }).click();
  const rename = vault.page.getByRole('dialog', { name: `Rename ${A.name}` });
  await rename.getByLabel('New name').fill('pay-alice (checked).txt');
  await rename.getByRole('button', { name: 'Rename' }).click();
  const notice = vault.page.getByRole('region', { name: 'Notifications' }).getByRole('alert');
  await expect(notice).toContainText('could not be moved: the name this file is listed under was sealed for another file');
  await expect(vault.row('pay-alice (checked).txt')).toHaveCount(0);

  // B itself is untouched and opens as before.
  await vault.row(B.name).getByRole('button', { name: /^Preview/ }).click();
  await expect(vault.page.getByRole('dialog', { name: B.name })).toContainText(B.text.trim());
});

test("a file's name put onto another object lists that object as unreadable, never under the name", async ({ vault, token }) => {
  const passphrase = newPassphrase();
  await vault.createVault(passphrase);
  const { keyA, keyB } = await uploadTwo(vault, token);

  // The operator writes B's bytes under a key with B's id and A's sealed name (the segments stay as long: ids are too).
  const forged = keyA.replace(idOf(keyA), idOf(keyB));
  await putObject(forged, await objectBytes(keyB));
  await vault.page.reload();
  await vault.unlock(passphrase);
  await expect(vault.row(B.name)).toBeVisible();
  await expect(vault.row(A.name)).toHaveCount(1);
  const unreadable = vault.row(`Unreadable file ${idOf(keyB).slice(0, 8)}`);
  await expect(unreadable).toContainText('does not open for this file');
  await expect(unreadable.getByRole('button', { name: /^(Download|Preview)/ })).toHaveCount(0);
  // The real A still opens as A.
  await vault.row(A.name).getByRole('button', { name: /^Preview/ }).click();
  await expect(vault.page.getByRole('dialog', { name: A.name })).toContainText(A.text.trim());
});
