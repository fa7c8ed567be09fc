import type { Locator } from '@playwright/test';
import { downloadedBytes, expect, newPassphrase, randomFile, test } from './fixtures';

/** Where an element is on the page (it must be shown). */
async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const found = await locator.boundingBox();
  if (!found) throw new Error('the element is not shown');
  return found;
}

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

test('a click anywhere on a column header sorts by it', async ({ vault }) => {
  await vault.createVault(newPassphrase());
  await vault.upload([randomFile('b.bin', 3000), randomFile('a.bin', 1000)]);
  const name = vault.grid.getByRole('columnheader', { name: /^Name/ });
  const cell = await box(name);
  await name.click({ position: { x: cell.width - 8, y: cell.height / 2 } });
  await expect(name).toHaveAttribute('aria-sort', 'descending');
  expect(await vault.grid.getByRole('rowheader').allInnerTexts()).toEqual(['b.bin', 'a.bin']);
  const size = vault.grid.getByRole('columnheader', { name: /^Size/ });
  await size.click({ position: { x: 4, y: 4 } });
  await expect(size).toHaveAttribute('aria-sort', 'descending');
});

test('Preview is offered only for files the preview can show; Close in the preview is not a primary button', async ({ vault }) => {
  await vault.createVault(newPassphrase());
  await vault.upload([
    randomFile('notes.txt', 300, 'text/plain'),
    randomFile('budget.xlsx', 3000, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
    randomFile('data.bin', 3000),
  ]);
  await expect(vault.row('budget.xlsx').getByRole('button', { name: /^Download/ })).toBeVisible();
  await expect(vault.row('budget.xlsx').getByRole('button', { name: /^Preview/ })).toHaveCount(0);
  await expect(vault.row('data.bin').getByRole('button', { name: /^Preview/ })).toHaveCount(0);
  // Enter on a file the preview cannot show downloads it.
  const downloadPromise = vault.page.waitForEvent('download');
  await vault.row('data.bin').focus();
  await vault.page.keyboard.press('Enter');
  expect((await downloadPromise).suggestedFilename()).toBe('data.bin');

  await vault.rowAction('notes.txt', 'Preview');
  const dialog = vault.page.getByRole('dialog', { name: 'notes.txt' });
  const background = (name: string) => dialog.getByRole('button', { name }).evaluate((e) => getComputedStyle(e).backgroundColor);
  expect(await background('Close')).toBe('rgba(0, 0, 0, 0)');
  expect(await background('Download')).not.toBe('rgba(0, 0, 0, 0)');
});

test('a failed download says what to do, offers Retry, and can be dismissed', async ({ vault }) => {
  const { page } = vault;
  await vault.createVault(newPassphrase());
  const file = randomFile('report.pdf', 20_000, 'application/pdf');
  await vault.upload([file]);
  let failing = true;
  await page.route(
    (url) => url.pathname.includes('/files/'),
    (route) => (failing && route.request().method() === 'GET' ? route.abort('connectionreset') : route.fallback()),
  );
  const problem = page.getByRole('alert').filter({ hasText: 'The connection to the storage was lost: check your connection and retry.' });
  await vault.rowAction('report.pdf', 'Download');
  await expect(problem).toBeVisible();
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(problem).toHaveCount(0);

  await vault.rowAction('report.pdf', 'Download');
  await expect(problem).toBeVisible();
  failing = false;
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Retry' }).click();
  expect(await downloadedBytes(await downloadPromise)).toEqual(file.buffer);
  await expect(problem).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Retry' })).toHaveCount(0);
});

test('a small file changed in storage says that it could not be authenticated, not that the connection was lost', async ({ vault }) => {
  const { page } = vault;
  await vault.createVault(newPassphrase());
  await vault.upload([randomFile('ledger.csv', 5000, 'text/csv')]);
  // The storage answers the payload's read (after the header) with one byte changed.
  await page.route(
    (url) => url.pathname.includes('/files/'),
    async (route) => {
      if (!/^bytes=[1-9]\d*-$/.test(route.request().headers()['range'] ?? '')) return route.fallback();
      const response = await route.fetch();
      const body = await response.body();
      body[100] = (body[100] ?? 0) ^ 0x01;
      return route.fulfill({ response, body });
    },
  );
  let saved = false;
  page.on('download', () => (saved = true));
  await vault.rowAction('ledger.csv', 'Download');
  await expect(page.getByRole('alert')).toContainText('could not be authenticated');
  await expect(page.getByRole('alert')).toContainText('Nothing was saved.');
  expect(saved).toBe(false);
});

test('on a phone, a row keeps its name readable and puts its actions in one menu (WAI-ARIA menu button)', async ({ vault }) => {
  const { page } = vault;
  await page.setViewportSize({ width: 375, height: 667 });
  const passphrase = newPassphrase();
  await vault.createVault(passphrase);
  const file = randomFile('Quarterly report 2031.pdf', 20_000, 'application/pdf');
  await vault.upload([file, randomFile('notes.txt', 300, 'text/plain')]);
  const row = vault.row('Quarterly report 2031.pdf');
  await expect(row.getByRole('button', { name: /^Download/ })).toHaveCount(0);
  // The whole name shows.
  expect(await row.getByRole('rowheader').evaluate((cell) => Array.from(cell.querySelectorAll('span')).every((e) => e.scrollWidth <= e.clientWidth))).toBe(true);
  // The controls above the list take little room: the first file is in the upper half of the screen (after a reload,
  // so that no upload panel is open above the list).
  await page.reload();
  await vault.unlock(passphrase);
  expect((await box(vault.row('notes.txt'))).y).toBeLessThan(667 / 2);

  const actions = row.getByRole('button', { name: 'Actions for Quarterly report 2031.pdf' });
  await expect(actions).toHaveAttribute('aria-haspopup', 'menu');
  await expect(actions).toHaveAttribute('aria-expanded', 'false');
  await row.focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(actions).toBeFocused();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'Actions for Quarterly report 2031.pdf' });
  await expect(menu).toBeVisible();
  await expect(actions).toHaveAttribute('aria-expanded', 'true');
  const item = (name: string) => menu.getByRole('menuitem', { name, exact: true });
  expect(await menu.getByRole('menuitem').allInnerTexts()).toEqual(['Download', 'Preview', 'Share', 'Rename', 'Move', 'Delete']);
  await expect(item('Download')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(item('Preview')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(item('Delete')).toBeFocused();
  await page.keyboard.press('Home');
  await expect(item('Download')).toBeFocused();
  await page.keyboard.press('r');
  await expect(item('Rename')).toBeFocused();
  await page.keyboard.press('End');
  await expect(item('Delete')).toBeFocused();
  // Escape closes the menu and gives the focus back to its button; the list did not act on the keys.
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(actions).toBeFocused();
  await expect(actions).toHaveAttribute('aria-expanded', 'false');
  await expect(vault.row('notes.txt')).toBeVisible();

  // An item runs its command; a dialog it opens gives the focus back to the button.
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(item('Rename')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Rename Quarterly report 2031.pdf' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(actions).toBeFocused();

  // A click outside closes the menu; Download from it saves the file.
  await actions.click();
  await expect(menu).toBeVisible();
  await page.getByRole('heading', { name: 'Your files' }).click();
  await expect(menu).toHaveCount(0);
  const downloadPromise = page.waitForEvent('download');
  await actions.click();
  await item('Download').click();
  expect(await downloadedBytes(await downloadPromise)).toEqual(file.buffer);
  await page.screenshot({ path: test.info().outputPath('phone.png') });
});
