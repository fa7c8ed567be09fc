import { expect, newPassphrase, test } from './fixtures';

test('the vault locks itself after the chosen idle time, and on request', async ({ vault }) => {
  await vault.page.clock.install();
  await vault.page.reload();
  const passphrase = newPassphrase();
  await vault.createVault(passphrase);
  await vault.goTo('Settings');
  await vault.page.getByLabel('Lock when idle').selectOption({ label: 'after 1 min' });

  // Idle for two minutes: the key is dropped and the unlock screen returns.
  await vault.page.clock.fastForward('02:00');
  await expect(vault.page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
  await expect(vault.page.getByRole('button', { name: 'Lock', exact: true })).toHaveCount(0);
  await expect(vault.toast('The vault locked itself after 1 min without activity.')).toBeVisible();

  await vault.unlock(passphrase);
  // The address still names Settings: unlocking returns there, with the choice kept.
  await expect(vault.page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await expect(vault.page.getByLabel('Lock when idle')).toHaveValue('1');
  await vault.page.getByRole('button', { name: 'Lock', exact: true }).click();
  await expect(vault.page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
});
