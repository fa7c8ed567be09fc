import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { fileObjectParts, inspectVault, openHeader, unlockVault } from '../src/format';
import { MiB, sha256Of } from './big-file';
import type { Route } from '@playwright/test';
import { downloadedBytes, expect, newPassphrase, randomFile, s3Client, sha256, test, type Page } from './fixtures';
import { GuestRequestPage, OwnerRequests } from './pages/request-pages';
import { OwnerShares, RecipientPage } from './pages/share-pages';
import { VaultPage } from './pages/vault-page';
import { scratchFolder } from './scratch';

async function userOf(page: Page, token: string): Promise<string> {
  const answer = await page.request.get('/v1/me', { headers: { authorization: `Bearer ${token}` } });
  return ((await answer.json()) as { user: string }).user;
}

/** An object's bytes straight from the bucket, as the storage operator sees them (`range`: only its start). */
async function stored(key: string, range?: string): Promise<Uint8Array> {
  const object = await s3Client().send(new GetObjectCommand({ Bucket: 'coffer', Key: key, ...(range ? { Range: range } : {}) }));
  return (await object.Body?.transformToByteArray()) ?? new Uint8Array(0);
}

/** The keys of a user's file objects, relative to their space. */
async function fileKeys(user: string): Promise<string[]> {
  const listed = await s3Client().send(new ListObjectsV2Command({ Bucket: 'coffer', Prefix: `users/${user}/files/` }));
  return (listed.Contents ?? []).map((o) => (o.Key ?? '').slice(`users/${user}/`.length)).sort();
}

const idsOf = (keys: string[]) => keys.map((key) => fileObjectParts(key).id).sort();

async function changePassphrase(vault: VaultPage, current: string, next: string): Promise<void> {
  const form = vault.page.getByRole('form', { name: 'Passphrase' });
  await form.getByLabel('Current passphrase').fill(current);
  await form.getByLabel('New passphrase', { exact: true }).fill(next);
  await form.getByLabel('Repeat new passphrase').fill(next);
  await form.getByRole('button', { name: 'Change passphrase' }).click();
  await expect(vault.toast(/^Passphrase changed/)).toBeVisible();
}

async function startRotation(vault: VaultPage, passphrase: string): Promise<void> {
  await vault.goTo('Settings');
  const form = vault.page.getByRole('form', { name: 'Vault key' });
  await form.getByLabel('Your passphrase').fill(passphrase);
  await form.getByRole('button', { name: 'Rotate vault key' }).click();
}

const rolledBack = (page: Page) => page.getByRole('alert').filter({ hasText: 'Older vault settings were opened' });

test('an older copy of the settings put back in the bucket opens with the old passphrase, and the vault says so plainly', async ({ vault, token }) => {
  test.slow(); // Argon2id (128 MiB) several times.
  const oldPassphrase = newPassphrase();
  await vault.createVault(oldPassphrase);
  const key = `users/${await userOf(vault.page, token)}/vault/settings.coffer`;
  const before = await stored(key);
  await vault.goTo('Settings');
  await expect(vault.page.getByRole('form', { name: 'Passphrase' })).toContainText('It does not lock anyone out');
  await expect(vault.page.getByText(/, settings revision 1$/)).toBeVisible();
  await changePassphrase(vault, oldPassphrase, newPassphrase());
  await expect(vault.page.getByText(/, settings revision 2$/)).toBeVisible();

  // The storage operator restores the object it held before the change.
  await s3Client().send(new PutObjectCommand({ Bucket: 'coffer', Key: key, Body: before }));
  await vault.page.reload();
  await vault.unlock(oldPassphrase);
  const warning = rolledBack(vault.page);
  await expect(warning).toContainText('This browser opened revision 2 of this vault’s settings before, but the settings in storage are revision 1.');
  await expect(warning).toContainText('a passphrase you have since changed may open the vault again');
  await expect(warning).toContainText('change your passphrase now, then rotate the vault key');
  await vault.goTo('Files');
  await expect(warning).toBeVisible();

  // What this browser remembers never moves down: the next unlock of the old copy warns again.
  await vault.page.getByRole('button', { name: 'Lock', exact: true }).click();
  await vault.unlock(oldPassphrase);
  await expect(rolledBack(vault.page)).toBeVisible();
  await rolledBack(vault.page).getByRole('button', { name: 'I understand' }).click();
  await expect(rolledBack(vault.page)).toHaveCount(0);
});

test('rotating the vault key: files re-wrapped under new keys, downloads identical, share link and file request still work, the old settings open nothing', async ({
  vault,
  browser,
  token,
}) => {
  test.setTimeout(360_000); // Argon2id many times, a 6 MiB copy through the browser, three sessions.
  const passphrase = newPassphrase();
  await vault.createVault(passphrase);
  const notes = randomFile('notes.txt', 20_000, 'text/plain');
  await vault.upload([notes]);
  const video = await vault.uploadBig('video.bin', 6 * MiB + 1234); // copied in parts
  const root = join(scratchFolder('taxes-'), 'Taxes');
  mkdirSync(root);
  writeFileSync(join(root, 'return.pdf'), randomFile('x', 50_000).buffer);
  await vault.page.getByLabel('Upload folder').setInputFiles(root);
  await expect(vault.row('Taxes')).toContainText('1 file');
  const link = await new OwnerShares(vault).share('notes.txt');
  const requests = new OwnerRequests(vault.page);
  const request = await requests.create('After the rotation');

  const user = await userOf(vault.page, token);
  const settingsKey = `users/${user}/vault/settings.coffer`;
  const oldSettings = await stored(settingsKey);
  const before = await fileKeys(user);
  expect(before).toHaveLength(3);

  // The passphrase is asked again; a wrong one changes nothing.
  await startRotation(vault, 'not the passphrase');
  const form = vault.page.getByRole('form', { name: 'Vault key' });
  await expect(form.getByRole('alert')).toHaveText('The passphrase is wrong: nothing was changed.');
  expect(await stored(settingsKey)).toEqual(oldSettings);
  await startRotation(vault, passphrase);
  await expect(form.getByRole('status').filter({ hasText: 'The vault key was rotated: every file now opens with the new key only.' })).toBeVisible({ timeout: 180_000 });

  // The same three files (the same ids), each under a new key; the settings hold no previous key any more.
  const after = await fileKeys(user);
  expect(idsOf(after)).toEqual(idsOf(before));
  expect(after.filter((key) => before.includes(key))).toEqual([]);
  const newSettings = await stored(settingsKey);
  expect(inspectVault(newSettings)).toMatchObject({ vaultId: inspectVault(oldSettings).vaultId, generation: 2, rotating: false });
  // The old settings object and the passphrase still give the old key, which opens none of the files' headers now.
  const [oldKey, newKey] = await Promise.all([unlockVault(oldSettings, passphrase), unlockVault(newSettings, passphrase)]);
  for (const key of after) {
    const header = await stored(`users/${user}/${key}`, 'bytes=0-4095');
    await expect(openHeader(header, { type: 'vault', masterKey: oldKey }), key).rejects.toMatchObject({ code: 'wrong-key' });
    await expect(openHeader(header, { type: 'vault', masterKey: newKey }), key).resolves.toBeDefined();
  }

  // A new session, which knows only what the bucket holds now: names, folders and contents are all there.
  await vault.page.reload();
  await vault.unlock(passphrase);
  await vault.goTo('Files');
  await expect(vault.row('notes.txt')).toHaveCount(1);
  await expect(vault.row('video.bin')).toHaveCount(1);
  await expect(vault.row('Taxes')).toContainText('1 file');
  await expect(rolledBack(vault.page)).toHaveCount(0);
  expect(sha256(await downloadedBytes(await vault.download('notes.txt')))).toBe(sha256(notes.buffer));
  expect(await sha256Of(await (await vault.download('video.bin')).path())).toBe(video.sha256);
  await vault.openFolder('Taxes');
  expect(sha256(await downloadedBytes(await vault.download('return.pdf')))).toBe(sha256(readFileSync(join(root, 'return.pdf'))));

  // The share link made before still opens (it carries the file key; the share followed the file to its new key).
  const recipient = await RecipientPage.open(browser, link);
  await expect(recipient.fileHeading('notes.txt')).toBeVisible();
  expect(sha256(await downloadedBytes(await recipient.download()))).toBe(sha256(notes.buffer));
  await recipient.close();

  // The request made before takes a guest's file, and the vault opens it with the key pair re-sealed for the new key.
  const guestContext = await browser.newContext({ baseURL: process.env.COFFER_E2E_URL });
  const guest = await GuestRequestPage.open(await guestContext.newPage(), request.link);
  expect(await guest.fingerprint()).toBe(request.fingerprint);
  const letter = randomFile('letter.pdf', 40_000, 'application/pdf');
  await guest.send([letter]);
  await expect(guest.upload('letter.pdf')).toContainText('Sent');
  await guestContext.close();
  await requests.open();
  await requests.showInbox('After the rotation');
  expect(sha256(await downloadedBytes(await requests.download('After the rotation', 'letter.pdf')))).toBe(sha256(letter.buffer));
});

test('a rotation stopped by closing the page: meanwhile every file lists once and opens, and the next unlock finishes it with nothing lost', async ({
  vault,
  context,
  token,
}) => {
  test.setTimeout(300_000);
  const passphrase = newPassphrase();
  await vault.createVault(passphrase);
  const files = ['a.txt', 'b.txt', 'c.txt'].map((name) => randomFile(name, 30_000, 'text/plain'));
  await vault.upload(files);
  const user = await userOf(vault.page, token);
  const before = await fileKeys(user);

  // The second file's copy is complete, and the call that replaces its original never gets an answer: the tab closes.
  // (Faults go on the context: its routes also see what a page's service worker sends on.)
  let replacements = 0;
  let reached = (_route: Route) => {};
  const stalled = new Promise<Route>((resolve) => (reached = resolve));
  await context.route('**/v1/objects/replace', async (route) => {
    if (++replacements < 2) return route.fallback();
    reached(route);
  });
  await startRotation(vault, passphrase);
  const held = await stalled;
  const midway = await fileKeys(user);
  expect(midway).toHaveLength(4); // one file done, one copied with its original still there, one not started
  expect(new Set(idsOf(midway))).toEqual(new Set(idsOf(before)));
  // The request never reaches the endpoint (dropped with the tab), and the tab is gone.
  await held.abort('connectionreset');
  await vault.page.close();

  // The next session, with the endpoint refusing replacements for a while: the rotation cannot go on, and the vault
  // shows each file once and opens all of them, under the new key and the previous one.
  await context.unroute('**/v1/objects/replace');
  await context.route('**/v1/objects/replace', (route) => route.abort('connectionreset'));
  const page = await context.newPage();
  const next = await VaultPage.open(page, token);
  await next.unlock(passphrase);
  for (const file of files) await expect(next.row(file.name)).toHaveCount(1);
  expect(await fileKeys(user)).toHaveLength(4);
  for (const file of files) expect(sha256(await downloadedBytes(await next.download(file.name))), file.name).toBe(sha256(file.buffer));
  await context.unroute('**/v1/objects/replace');

  // The unlock after that finishes the rotation by itself.
  await page.reload();
  await next.unlock(passphrase);
  await expect(next.toast(/^Vault key rotated/)).toBeVisible({ timeout: 120_000 });
  const after = await fileKeys(user);
  expect(idsOf(after)).toEqual(idsOf(before));
  expect(after.filter((key) => before.includes(key))).toEqual([]);
  expect(inspectVault(await stored(`users/${user}/vault/settings.coffer`)).rotating).toBe(false);
  for (const file of files) {
    await expect(next.row(file.name)).toHaveCount(1);
    expect(sha256(await downloadedBytes(await next.download(file.name))), file.name).toBe(sha256(file.buffer));
  }
});
