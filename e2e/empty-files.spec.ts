import { downloadedBytes, expect, newPassphrase, test } from './fixtures';
import { OwnerShares, RecipientPage } from './pages/share-pages';

/** A file of no bytes, as a person makes one with `touch notes.txt`. */
const empty = (name: string, mimeType: string) => ({ name, mimeType, buffer: Buffer.alloc(0) });

test('a 0-byte file downloads as an empty file, from the vault and from a share link', async ({ vault, browser }) => {
  await vault.createVault(newPassphrase());
  await vault.upload([empty('notes.txt', 'text/plain')]);
  await expect(vault.row('notes.txt')).toContainText('0 B');

  const download = await vault.download('notes.txt');
  expect(download.suggestedFilename()).toBe('notes.txt');
  expect((await downloadedBytes(download)).length).toBe(0);
  await expect(vault.page.getByRole('alert')).toHaveCount(0);

  const link = await new OwnerShares(vault).share('notes.txt');
  const recipient = await RecipientPage.open(browser, link);
  await expect(recipient.fileHeading('notes.txt')).toBeVisible();
  const shared = await recipient.download();
  expect(shared.suggestedFilename()).toBe('notes.txt');
  expect((await downloadedBytes(shared)).length).toBe(0);
  await expect(recipient.page.getByRole('status')).toHaveText('Downloaded.');
  await recipient.close();
});

test('the preview of a 0-byte file says that it is empty', async ({ vault }) => {
  await vault.createVault(newPassphrase());
  await vault.upload([empty('blank.txt', 'text/plain'), empty('blank.png', 'image/png')]);
  for (const name of ['blank.txt', 'blank.png']) {
    await vault.row(name).getByRole('button', { name: /^Preview/ }).click();
    const dialog = vault.page.getByRole('dialog', { name });
    await expect(dialog.getByText(`${name} is empty: it has no bytes to show.`)).toBeVisible();
    await expect(dialog.getByRole('img')).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toHaveCount(0);
  }
});
