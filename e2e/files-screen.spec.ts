import { expect, newPassphrase, randomFile, test } from './fixtures';

test('opening a folder (Enter, a folder name, a breadcrumb) keeps the keyboard in the list', async ({ vault }) => {
  const { page } = vault;
  await vault.createVault(newPassphrase());
  await vault.upload([randomFile('a.txt', 10, 'text/plain')]);
  await vault.newFolder('Work');
  await vault.newFolder('2031');
  await page.getByLabel('Upload files').setInputFiles([randomFile('plan.txt', 10, 'text/plain'), randomFile('team.txt', 10, 'text/plain')]);
  await expect(vault.row('team.txt')).toBeVisible();
  await vault.openFolder('');

  // Enter on a folder row: the focus goes to the first row inside, and the arrows go on working.
  await vault.row('Work').focus();
  await page.keyboard.press('Enter');
  await expect(vault.row('2031')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(vault.row('plan.txt')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(vault.row('team.txt')).toBeFocused();

  // A breadcrumb (it becomes the current location, so it cannot keep the focus): the folder just left has it.
  const crumbs = page.getByRole('navigation', { name: 'Folder path' });
  await crumbs.getByRole('button', { name: 'All files' }).click();
  await expect(vault.row('Work')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(vault.row('a.txt')).toBeFocused();

  // A folder's name, clicked; then Backspace goes up and the folder left has the focus again.
  await vault.row('Work').getByRole('button', { name: 'Work', exact: true }).click();
  await expect(vault.row('2031')).toBeFocused();
  await page.keyboard.press('Backspace');
  await expect(vault.row('Work')).toBeFocused();

  // An empty folder: its message has the focus, and Backspace still goes up.
  await vault.newFolder('Empty');
  await page.keyboard.press('Escape');
  await vault.openFolder('');
  await vault.row('Empty').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('This folder is empty.')).toBeFocused();
  await page.keyboard.press('Backspace');
  await expect(vault.row('Empty')).toBeFocused();
});

test('after Unlock the focus is on the files heading, not the page body', async ({ vault }) => {
  const passphrase = newPassphrase();
  await vault.createVault(passphrase);
  await expect(vault.page.getByRole('heading', { name: 'Your files' })).toBeFocused();
  await vault.page.getByRole('button', { name: 'Lock', exact: true }).click();
  await vault.unlock(passphrase);
  await expect(vault.page.getByRole('heading', { name: 'Your files' })).toBeFocused();
  await vault.page.keyboard.press('Tab');
  await expect(vault.page.getByLabel('Upload files')).toBeFocused();
});

test('only the upload button that has the keyboard focus shows a focus ring', async ({ vault }) => {
  const { page } = vault;
  await vault.createVault(newPassphrase());
  const files = page.getByText('Upload files', { exact: true });
  const folder = page.getByText('Upload folder', { exact: true });
  const ring = (label: typeof files) => label.evaluate((e) => getComputedStyle(e).outlineStyle);
  await page.getByRole('heading', { name: 'Your files' }).focus();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Upload files')).toBeFocused();
  expect([await ring(files), await ring(folder)]).toEqual(['solid', 'none']);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Upload folder')).toBeFocused();
  expect([await ring(files), await ring(folder)]).toEqual(['none', 'solid']);
});
