import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { expect, newPassphrase, randomFile, s3Client, test } from './fixtures';
import type { VaultPage } from './pages/vault-page';

/** A user's file objects in the bucket, as an operator would list them (the e2e stack names users e2e<n>). */
async function storedObjects(token: string): Promise<{ key: string; size: number }[]> {
  const user = `e2e${token.slice(token.lastIndexOf('-') + 1)}`;
  const listed = await s3Client().send(new ListObjectsV2Command({ Bucket: 'coffer', Prefix: `users/${user}/files/` }));
  return (listed.Contents ?? []).map((o) => ({ key: o.Key ?? '', size: o.Size ?? 0 }));
}

/** Reloads the app and unlocks it again: what the vault shows then is what it stored. */
async function reopen(vault: VaultPage, passphrase: string): Promise<void> {
  await vault.page.reload();
  await vault.unlock(passphrase);
  await expect(vault.page.getByRole('heading', { name: 'Your files' })).toBeVisible();
  await expect(vault.page.getByText(/^\d+ items?$/)).toBeVisible();
}

test('a folder made with New folder outlives a reload, empty or emptied, and goes with a rename, a move and a delete', async ({ vault, token }) => {
  const { page } = vault;
  const passphrase = newPassphrase();
  await vault.createVault(passphrase);
  await vault.newFolder('Projects');
  await vault.newFolder('Drafts');
  await vault.openFolder('');
  await expect(vault.row('Projects')).toContainText('0 files');
  // Two small objects, like empty files; neither key says anything of the names.
  await expect.poll(async () => (await storedObjects(token)).length).toBe(2);
  for (const { key } of await storedObjects(token)) expect(key).not.toMatch(/Projects|Drafts/i);

  await reopen(vault, passphrase);
  await expect(vault.row('Projects')).toContainText('0 files');
  await vault.openFolder('Projects');
  await expect(vault.row('Drafts')).toContainText('0 files');
  await expect(page.getByText('1 item', { exact: true })).toBeVisible();

  // A file comes and goes again: the folder stays.
  await page.getByLabel('Upload files').setInputFiles([randomFile('plan.txt', 100, 'text/plain')]);
  await expect(vault.row('plan.txt')).toBeVisible();
  await vault.rowAction('plan.txt', 'Move');
  const move = page.getByRole('dialog', { name: 'Move “plan.txt”' });
  await move.getByLabel('Move to folder').fill('');
  await move.getByRole('button', { name: 'Move to the top level' }).click();
  await expect(vault.row('plan.txt')).toHaveCount(0);

  // A rename takes the folder and the empty folder inside it along.
  await vault.openFolder('');
  await vault.rowAction('Projects', 'Rename');
  const rename = page.getByRole('dialog', { name: 'Rename Projects' });
  await rename.getByLabel('New name').fill('Work');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(vault.row('Work')).toBeVisible();
  await expect(vault.row('Projects')).toHaveCount(0);
  await reopen(vault, passphrase);
  await expect(vault.row('Projects')).toHaveCount(0);
  await vault.openFolder('Work');
  await expect(vault.row('Drafts')).toBeVisible();

  // A move of the empty folder to the top.
  await vault.rowAction('Drafts', 'Move');
  const moveFolder = page.getByRole('dialog', { name: 'Move the folder “Drafts” (0 files)' });
  await moveFolder.getByLabel('Move to folder').fill('');
  await moveFolder.getByRole('button', { name: 'Move to the top level' }).click();
  await expect(vault.row('Drafts')).toHaveCount(0);
  await reopen(vault, passphrase);
  await expect(vault.row('Drafts')).toBeVisible();
  await expect(vault.row('Work')).toContainText('0 files');

  // A delete takes the folder away for good, with nothing left in the bucket of it.
  for (const name of ['Work', 'Drafts']) {
    await vault.rowAction(name, 'Delete');
    await page.getByRole('dialog', { name: `Delete the folder “${name}” (0 files)?` }).getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(vault.row(name)).toHaveCount(0);
    const toast = vault.toast(`Deleted the folder “${name}”`);
    await toast.getByRole('button', { name: /^Close/ }).click();
    await expect(toast).toHaveCount(0);
  }
  await expect.poll(async () => (await storedObjects(token)).length).toBe(1);
  await reopen(vault, passphrase);
  await expect(vault.row('plan.txt')).toBeVisible();
  await expect(vault.row('Work')).toHaveCount(0);
  await expect(vault.row('Drafts')).toHaveCount(0);
});
