import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { downloadedBytes, expect, newPassphrase, randomFile, s3Client, sha256, test } from './fixtures';
import { VaultPage } from './pages/vault-page';
import { seriousViolations } from './axe';

/** The user a test token belongs to (the e2e stack names them e2e<n> for tokens ending in -<n>). */
function userOf(token: string): string {
  return `e2e${token.slice(token.lastIndexOf('-') + 1)}`;
}

/** The keys of a user's file objects in the bucket, as an operator would list them. */
async function fileKeys(token: string): Promise<string[]> {
  const listed = await s3Client().send(new ListObjectsV2Command({ Bucket: 'coffer', Prefix: `users/${userOf(token)}/files/` }));
  return (listed.Contents ?? []).map((o) => o.Key ?? '');
}

async function deleteThroughRow(vault: VaultPage, name: string) {
  await vault.row(name).getByRole('button', { name: /^Delete/ }).click();
  const dialog = vault.page.getByRole('dialog', { name: `Delete “${name}”?` });
  await expect(dialog).toContainText('You can undo this for a few seconds');
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(vault.row(name)).toHaveCount(0);
}

test('rename and move keep the bytes and the object id, without an upload; the old key is gone', async ({ vault, token }) => {
  await vault.createVault(newPassphrase());
  const file = randomFile('draft.txt', 700_000, 'text/plain');
  await vault.upload([file]);
  const [before] = await fileKeys(token);
  const uploads: string[] = [];
  vault.page.on('request', (request) => {
    if (request.method() === 'PUT') uploads.push(request.url());
  });

  await vault.row('draft.txt').getByRole('button', { name: /^Rename/ }).click();
  const rename = vault.page.getByRole('dialog', { name: 'Rename draft.txt' });
  await rename.getByLabel('New name').fill('final – v2.txt');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(vault.toast('Renamed “draft.txt” to “final – v2.txt”')).toBeVisible();
  // A notification on screen keeps the page accessible (its live region is no broken list item).
  expect(await seriousViolations(vault.page)).toEqual([]);
  await expect(vault.row('final – v2.txt')).toBeVisible();
  await expect(vault.row('draft.txt')).toHaveCount(0);

  await vault.row('final – v2.txt').getByRole('button', { name: /^Move/ }).click();
  const move = vault.page.getByRole('dialog', { name: 'Move “final – v2.txt”' });
  await move.getByLabel('Move to folder').fill('Reports/2026');
  await move.getByRole('button', { name: 'Move to Reports/2026' }).click();
  await expect(vault.row('Reports')).toContainText('1 file');
  await vault.openFolder('Reports/2026');
  const download = await vault.download('final – v2.txt');
  expect(download.suggestedFilename()).toBe('final – v2.txt');
  expect(sha256(await downloadedBytes(download))).toBe(sha256(file.buffer));

  const after = await fileKeys(token);
  expect(after).toHaveLength(1);
  expect(after[0]).not.toBe(before);
  // The random id stays; only the sealed name in the key changed. No byte went up again.
  expect(after[0]?.split('.')[0]).toBe(before?.split('.')[0]);
  expect(uploads).toEqual([]);
});

test('a file with a long name is stored under a key whose segments fit a file name; it lists, renames and downloads', async ({ vault, token }) => {
  const passphrase = newPassphrase();
  await vault.createVault(passphrase);
  const long = 'Minutes of the quarterly board meeting of Northwind Traders, with the supporting documents (final draft v3).txt';
  const file = randomFile(long, 30_000, 'text/plain');
  await vault.upload([file]);
  const [key] = await fileKeys(token);
  // users/<user>/files/<id>.<sealed name>, the sealed name cut so that no segment passes 200 characters: S3s that
  // keep objects as files (MinIO, the embedded S3) refuse or fail on a segment over 255 bytes.
  const segments = (key ?? '').split('/').slice(3);
  expect(segments.length).toBeGreaterThan(1);
  for (const segment of segments) expect(segment.length).toBeLessThanOrEqual(200);

  await vault.page.reload();
  await vault.unlock(passphrase);
  await expect(vault.row(long)).toBeVisible();
  const renamed = long.replace('final draft v3', 'approved by the board on 27 November 2026');
  await vault.row(long).getByRole('button', { name: /^Rename/ }).click();
  const rename = vault.page.getByRole('dialog', { name: `Rename ${long}` });
  await rename.getByLabel('New name').fill(renamed);
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(vault.row(renamed)).toBeVisible();
  const download = await vault.download(renamed);
  expect(download.suggestedFilename()).toBe(renamed);
  expect(sha256(await downloadedBytes(download))).toBe(sha256(file.buffer));
  const [movedKey] = await fileKeys(token);
  for (const segment of (movedKey ?? '').split('/').slice(3)) expect(segment.length).toBeLessThanOrEqual(200);
});

test('delete asks first; Undo within the toast keeps the file, in the list and in the bucket', async ({ vault, token }) => {
  await vault.createVault(newPassphrase());
  const file = randomFile('keep me.bin', 20_000);
  await vault.upload([file]);
  await vault.row('keep me.bin').getByRole('button', { name: /^Delete/ }).click();
  await vault.page.getByRole('dialog', { name: 'Delete “keep me.bin”?' }).getByRole('button', { name: 'Cancel' }).click();
  await expect(vault.row('keep me.bin')).toBeVisible();

  await deleteThroughRow(vault, 'keep me.bin');
  await vault.toast('Deleted “keep me.bin”').getByRole('button', { name: 'Undo' }).click();
  await expect(vault.row('keep me.bin')).toBeVisible();
  expect(await fileKeys(token)).toHaveLength(1);
  expect(sha256(await downloadedBytes(await vault.download('keep me.bin')))).toBe(sha256(file.buffer));
});

test('delete without Undo removes the object once the toast is gone', async ({ vault, token }) => {
  const passphrase = newPassphrase();
  await vault.createVault(passphrase);
  await vault.upload([randomFile('gone.bin', 20_000), randomFile('stays.bin', 10)]);
  await deleteThroughRow(vault, 'gone.bin');
  const toast = vault.toast('Deleted “gone.bin”');
  await expect(toast).toBeVisible();
  // Until the toast closes, nothing is deleted: Undo is still possible.
  expect(await fileKeys(token)).toHaveLength(2);
  await expect(toast).toHaveCount(0, { timeout: 20_000 });
  await expect.poll(() => fileKeys(token)).toHaveLength(1);
  await vault.page.reload();
  await vault.unlock(passphrase);
  await expect(vault.row('stays.bin')).toBeVisible();
  await expect(vault.row('gone.bin')).toHaveCount(0);
});

test('a pending delete is carried out when the vault is locked during the Undo time', async ({ vault, token }) => {
  const passphrase = newPassphrase();
  await vault.createVault(passphrase);
  await vault.upload([randomFile('locked away.bin', 1000), randomFile('other.bin', 10)]);
  await deleteThroughRow(vault, 'locked away.bin');
  await vault.page.getByRole('button', { name: 'Lock', exact: true }).click();
  await expect(vault.toast('Deleted “locked away.bin”')).toHaveCount(0);
  await expect.poll(() => fileKeys(token)).toHaveLength(1);
  await vault.unlock(passphrase);
  await expect(vault.row('other.bin')).toBeVisible();
  await expect(vault.row('locked away.bin')).toHaveCount(0);
});

test('a pending delete is sent when the page is reloaded during the Undo time', async ({ vault, token }) => {
  await vault.createVault(newPassphrase());
  await vault.upload([randomFile('reloaded.bin', 1000), randomFile('other.bin', 10)]);
  await deleteThroughRow(vault, 'reloaded.bin');
  await vault.page.reload();
  await expect.poll(() => fileKeys(token)).toHaveLength(1);
});

test('a pending delete whose requests could not go out as the tab closed is carried out at the next unlock', async ({ vault, token }) => {
  const passphrase = newPassphrase();
  await vault.createVault(passphrase);
  await vault.upload([randomFile('lost request.bin', 1000), randomFile('other.bin', 10)]);
  await deleteThroughRow(vault, 'lost request.bin');
  // Fault: the network drops the deletes the closing page sends.
  let dropped = 0;
  await vault.page.route(
    (url) => url.pathname === '/v1/objects/delete',
    (route) => {
      dropped += 1;
      return route.abort('connectionreset');
    },
  );
  await vault.page.reload();
  await expect(vault.page.getByRole('button', { name: 'Unlock' })).toBeVisible();
  expect(dropped).toBeGreaterThan(0);
  expect(await fileKeys(token)).toHaveLength(2);

  await vault.page.unrouteAll();
  await vault.unlock(passphrase);
  await expect(vault.row('other.bin')).toBeVisible();
  await expect(vault.row('lost request.bin')).toHaveCount(0);
  await expect.poll(() => fileKeys(token)).toHaveLength(1);
  // Done once: another unlock shows the same.
  await vault.page.reload();
  await vault.unlock(passphrase);
  await expect(vault.row('other.bin')).toBeVisible();
  await expect(vault.row('lost request.bin')).toHaveCount(0);
});

test('a delete still undoable in one tab is left alone by another tab; Undo there keeps the file', async ({ vault, token }) => {
  const passphrase = newPassphrase();
  await vault.createVault(passphrase);
  await vault.upload([randomFile('second thoughts.bin', 1000), randomFile('other.bin', 10)]);
  await deleteThroughRow(vault, 'second thoughts.bin');
  const undo = vault.toast('Deleted “second thoughts.bin”').getByRole('button', { name: 'Undo' });
  await undo.focus(); // The toast's clock stops while it has the focus: the delete stays undoable.

  const other = await VaultPage.open(await vault.page.context().newPage(), token);
  const deletesSent: string[] = [];
  other.page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/v1/objects/delete') deletesSent.push(request.url());
  });
  await other.unlock(passphrase);
  await expect(other.row('second thoughts.bin')).toBeVisible();
  await expect(other.row('other.bin')).toBeVisible();
  await other.page.waitForLoadState('networkidle');
  expect(deletesSent).toEqual([]);
  expect(await fileKeys(token)).toHaveLength(2);

  await undo.click();
  await expect(vault.row('second thoughts.bin')).toBeVisible();
  await other.page.reload();
  await other.unlock(passphrase);
  await expect(other.row('second thoughts.bin')).toBeVisible();
  expect(await fileKeys(token)).toHaveLength(2);
});

test('the storage figure shows what the vault holds and changes after an upload', async ({ vault }) => {
  await vault.createVault(newPassphrase());
  const figure = vault.page.getByText(/^Storage: /);
  await expect(figure).toHaveText(/^Storage: \d+ B used, no quota$/);
  const start = await figure.innerText();
  await vault.upload([randomFile('big.bin', 2_500_000)]);
  await expect(figure).toHaveText(/^Storage: 2\.5 MB used, no quota$/);
  expect(start).not.toBe(await figure.innerText());
});
