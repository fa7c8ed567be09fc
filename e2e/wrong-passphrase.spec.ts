import { expect, newPassphrase, randomFile, test } from './fixtures';
import { OwnerShares, RecipientPage } from './pages/share-pages';

test('a wrong passphrase or password is said once, in one plain sentence: unlock, change passphrase, share password', async ({ vault, browser }) => {
  test.slow(); // Several Argon2id derivations (128 MiB each).
  const passphrase = newPassphrase();
  await vault.createVault(passphrase);
  await vault.upload([randomFile('minutes.txt', 3000, 'text/plain')]);
  const link = await new OwnerShares(vault).share('minutes.txt', { expiry: '1 hour', password: 'open sesame 42' });

  const recipient = await RecipientPage.open(browser, link);
  await recipient.enterPassword('open sesame 43');
  await expect(recipient.alert()).toHaveText('Wrong password, or the link was changed: check the password and try again.');
  await recipient.close();

  await vault.goTo('Settings');
  const form = vault.page.getByRole('form', { name: 'Passphrase' });
  await form.getByLabel('Current passphrase').fill('not my passphrase at all');
  await form.getByLabel('New passphrase', { exact: true }).fill('a brand new passphrase 42');
  await form.getByLabel('Repeat new passphrase').fill('a brand new passphrase 42');
  await form.getByRole('button', { name: 'Change passphrase' }).click();
  await expect(form.getByRole('alert')).toHaveText('The current passphrase is wrong: nothing was changed.');

  await vault.page.getByRole('button', { name: 'Lock', exact: true }).click();
  await vault.unlock('not my passphrase at all');
  await expect(vault.page.getByRole('alert')).toHaveText('Wrong passphrase, or the vault settings were changed: check it and try again.');
  await vault.unlock(passphrase);
  await expect(vault.page.getByRole('heading', { name: 'Settings' })).toBeVisible();
});
