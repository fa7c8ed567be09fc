import { downloadedBytes, expect, newPassphrase, randomFile, sha256, test } from './fixtures';


test('folders and breadcrumbs: a folder upload is browsed level by level and back up', async ({ vault }) => {
  await vault.createVault(newPassphrase());
  await expect(vault.page.getByText('Your vault is empty')).toBeVisible();
  await vault.upload([randomFile('top.txt', 10, 'text/plain')]);
  await vault.openFolder('');
  await vault.newFolder('Projects');
  const crumbs = vault.page.getByRole('navigation', { name: 'Folder path' });
  await expect(vault.page.getByText('This folder is empty')).toBeVisible();
  // Uploading while a folder is open puts the files in it, folders of a folder upload below it.
  await vault.page.getByLabel('Upload files').setInputFiles([randomFile('plan.md', 20, 'text/markdown')]);
  await expect(vault.row('plan.md')).toBeVisible();
  await crumbs.getByRole('button', { name: 'All files' }).click();
  await expect(vault.row('Projects')).toContainText('1 file');
  await expect(vault.row('top.txt')).toBeVisible();
  await expect(vault.row('plan.md')).toHaveCount(0);
  await vault.openFolder('Projects');
  await expect(vault.row('plan.md')).toBeVisible();
});

test('sort by name, size and date in both directions, with aria-sort', async ({ vault }) => {
  await vault.createVault(newPassphrase());
  await vault.upload([randomFile('b 10.bin', 3000), randomFile('a 2.bin', 1000), randomFile('c.bin', 2000)]);
  const names = () => vault.grid.getByRole('rowheader').allInnerTexts();
  const header = (name: string) => vault.grid.getByRole('columnheader', { name: new RegExp(`^${name}`) });
  await expect(header('Name')).toHaveAttribute('aria-sort', 'ascending');
  expect(await names()).toEqual(['a 2.bin', 'b 10.bin', 'c.bin']);
  await header('Name').getByRole('button').click();
  await expect(header('Name')).toHaveAttribute('aria-sort', 'descending');
  expect(await names()).toEqual(['c.bin', 'b 10.bin', 'a 2.bin']);
  await header('Size').getByRole('button').click();
  await expect(header('Size')).toHaveAttribute('aria-sort', 'descending');
  await expect(header('Name')).toHaveAttribute('aria-sort', 'none');
  expect(await names()).toEqual(['b 10.bin', 'c.bin', 'a 2.bin']);
  // The keyboard works the sort buttons too.
  await header('Size').getByRole('button').focus();
  await vault.page.keyboard.press('Enter');
  await expect(header('Size')).toHaveAttribute('aria-sort', 'ascending');
  expect(await names()).toEqual(['a 2.bin', 'c.bin', 'b 10.bin']);
  await header('Modified').getByRole('button').click();
  await expect(header('Modified')).toHaveAttribute('aria-sort', 'descending');
});

test('search finds files by name across every folder, and says when nothing matches', async ({ vault }) => {
  await vault.createVault(newPassphrase());
  await vault.upload([randomFile('Invoice März.pdf', 100, 'application/pdf')]);
  await vault.newFolder('Archive');
  await vault.page.getByLabel('Upload files').setInputFiles([randomFile('invoice-2023.pdf', 100, 'application/pdf')]);
  await expect(vault.row('invoice-2023.pdf')).toBeVisible();
  await vault.openFolder('');
  await vault.search('INVOICE');
  await expect(vault.page.getByText('2 results for “INVOICE”')).toBeVisible();
  await expect(vault.row('Archive/invoice-2023.pdf')).toBeVisible();
  await expect(vault.row('Invoice März.pdf')).toBeVisible();
  await vault.search('marz');
  await expect(vault.row('Invoice März.pdf')).toBeVisible();
  await expect(vault.row('Archive/invoice-2023.pdf')).toHaveCount(0);
  await vault.search('holiday');
  await expect(vault.page.getByText('No file names match “holiday”')).toBeVisible();
  await vault.page.getByRole('button', { name: 'Clear search' }).click();
  await expect(vault.row('Archive')).toBeVisible();
});

test('multi-select: select all, bulk download as one zip, bulk delete', async ({ vault }) => {
  await vault.createVault(newPassphrase());
  const files = [randomFile('one.bin', 5000), randomFile('two.bin', 7000), randomFile('three.bin', 9000)];
  await vault.upload(files);
  await vault.grid.getByRole('checkbox', { name: 'Select all in view' }).check();
  const bar = vault.page.getByRole('toolbar', { name: 'Selected items' });
  await expect(bar).toContainText('3 selected');
  const downloadPromise = vault.page.waitForEvent('download');
  await bar.getByRole('button', { name: 'Download' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe('Coffer – 3 files.zip');
  const zip = await downloadedBytes(download);
  // A stored (uncompressed) zip holds each file's bytes as they are.
  for (const file of files) expect(zip.includes(file.buffer)).toBe(true);

  await vault.row('one.bin').getByRole('checkbox').uncheck();
  await expect(bar).toContainText('2 selected');
  await bar.getByRole('button', { name: 'Delete' }).click();
  await vault.page.getByRole('dialog', { name: 'Delete 2 files?' }).getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(vault.row('two.bin')).toHaveCount(0);
  await expect(vault.row('three.bin')).toHaveCount(0);
  await expect(vault.row('one.bin')).toBeVisible();
  expect(sha256(await downloadedBytes(await vault.download('one.bin')))).toBe(sha256(files[0]?.buffer ?? Buffer.alloc(0)));
});

test('the list works from the keyboard: arrows, Space to select, Enter to open a folder, Backspace to go up', async ({ vault }) => {
  await vault.createVault(newPassphrase());
  await vault.upload([randomFile('a.txt', 10), randomFile('b.txt', 10)]);
  await vault.newFolder('Folder');
  await vault.page.getByLabel('Upload files').setInputFiles([randomFile('inside.txt', 10)]);
  await expect(vault.row('inside.txt')).toBeVisible();
  await vault.openFolder('');
  await vault.row('Folder').focus();
  await expect(vault.row('Folder')).toBeFocused();
  await vault.page.keyboard.press('ArrowDown');
  await expect(vault.row('a.txt')).toBeFocused();
  await vault.page.keyboard.press('Space');
  await expect(vault.row('a.txt')).toHaveAttribute('aria-selected', 'true');
  await vault.page.keyboard.press('Shift+ArrowDown');
  await expect(vault.row('b.txt')).toHaveAttribute('aria-selected', 'true');
  await expect(vault.page.getByRole('toolbar', { name: 'Selected items' })).toContainText('2 selected');
  await vault.page.keyboard.press('Escape');
  await expect(vault.row('a.txt')).toHaveAttribute('aria-selected', 'false');
  await vault.page.keyboard.press('Home');
  await expect(vault.row('Folder')).toBeFocused();
  await vault.page.keyboard.press('Enter');
  await expect(vault.row('inside.txt')).toBeVisible();
  await vault.row('inside.txt').focus();
  await vault.page.keyboard.press('Backspace');
  await expect(vault.row('Folder')).toBeVisible();
});

test('Back and Forward move between the folders visited, a section left returns to its folder, and no folder name goes into the address', async ({ vault }) => {
  const { page } = vault;
  const current = page.getByRole('navigation', { name: 'Folder path' }).locator('[aria-current]');
  await vault.createVault(newPassphrase());
  await vault.upload([randomFile('top.txt', 10, 'text/plain')]);
  await vault.newFolder('Projects');
  await vault.upload([randomFile('plan.md', 20, 'text/markdown')]);
  await vault.newFolder('Drafts');
  await expect(page.getByText('This folder is empty')).toBeVisible();
  await page.goBack();
  await expect(current).toHaveText('Projects');
  await expect(vault.row('plan.md')).toBeVisible();
  await page.goBack();
  await expect(vault.row('top.txt')).toBeVisible();
  await expect(vault.row('Projects')).toBeVisible();
  await page.goForward();
  await expect(current).toHaveText('Projects');
  await expect(vault.row('plan.md')).toBeVisible();
  await vault.goTo('Shares');
  await page.goBack();
  await expect(current).toHaveText('Projects');
  await expect(vault.row('plan.md')).toBeVisible();
  expect(page.url()).not.toMatch(/Projects|Drafts|plan/);
});
