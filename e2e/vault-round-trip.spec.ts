import { downloadedBytes, expect, newPassphrase, randomFile, sha256, test } from './fixtures';
import { VaultPage } from './pages/vault-page';

test('create a vault, upload, download identical bytes, unlock elsewhere, delete', async ({ vault, browser, token }) => {
  const passphrase = newPassphrase();
  await vault.createVault(passphrase);

  // 1.3 MB spans three format chunks; the name has spaces and non-ASCII to prove names survive encryption.
  const file = randomFile('Quarterly report – März.pdf', 1_300_000, 'application/pdf');
  await vault.upload([file]);
  await expect(vault.row(file.name)).toContainText('1.3 MB');

  const download = await vault.download(file.name);
  expect(download.suggestedFilename()).toBe(file.name);
  expect(sha256(await downloadedBytes(download))).toBe(sha256(file.buffer));
  await vault.page.screenshot({ path: test.info().outputPath('vault.png') });

  // A second browser (no shared storage) finds the same vault in S3 and unlocks it with the passphrase.
  const other = await browser.newContext();
  try {
    const second = await VaultPage.open(await other.newPage(), token);
    await second.unlock('not the passphrase at all');
    await expect(second.page.getByRole('alert')).toContainText('Wrong passphrase');
    await second.unlock(passphrase);
    await expect(second.row(file.name)).toBeVisible();
  } finally {
    await other.close();
  }

  await vault.delete(file.name);
  await expect(vault.page.getByText('Your vault is empty')).toBeVisible();
});

test('a weak passphrase is refused with advice, a strong one creates the vault', async ({ vault }) => {
  await vault.page.getByLabel('Passphrase', { exact: true }).fill('password123');
  await vault.page.getByLabel('Repeat passphrase').fill('password123');
  await vault.page.getByRole('button', { name: 'Create vault' }).click();
  await expect(vault.page.getByRole('alert')).toContainText('too easy to guess');
  await expect(vault.page.getByRole('meter', { name: 'Passphrase strength' })).toHaveAttribute('value', /^[0-2]$/);
  await vault.createVault(newPassphrase());
});
