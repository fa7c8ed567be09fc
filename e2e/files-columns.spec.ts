import type { Locator } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './chromium';
import { expect, newPassphrase, randomFile, test } from './fixtures';

/** Where an element is on the page (it must be shown). */
async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const found = await locator.boundingBox();
  if (!found) throw new Error('the element is not shown');
  return found;
}

// Playwright hides scrollbars in headless Chromium; here they show and take room, as in a desktop browser, where the
// scrollbar of a list that scrolls narrows its rows but not its header.
const executablePath = chromiumExecutable();
test.use({ launchOptions: { ...(executablePath ? { executablePath } : {}), args: CHROMIUM_ARGS, ignoreDefaultArgs: ['--hide-scrollbars'] } });

test('sizes and dates line up with their headers in every row, folder or file, also in a list that scrolls', async ({ vault }) => {
  const { page } = vault;
  await page.setViewportSize({ width: 1280, height: 560 });
  await vault.createVault(newPassphrase());
  await vault.upload([randomFile('notes.txt', 300, 'text/plain'), randomFile('data.bin', 5000), randomFile('photo.png', 2000, 'image/png')]);
  await vault.newFolder('Folder');
  await page.getByLabel('Upload files').setInputFiles([randomFile('inside.txt', 10, 'text/plain')]);
  await expect(vault.row('inside.txt')).toBeVisible();
  await vault.openFolder('');
  const header = (name: string) => box(vault.grid.getByRole('columnheader', { name: new RegExp(`^${name}`) }));
  const check = async (names: string[]) => {
    const [size, date] = [await header('Size'), await header('Modified')];
    for (const name of names) {
      const cells = vault.row(name).getByRole('gridcell');
      for (const [column, cell] of [[size, cells.nth(1)], [date, cells.nth(2)]] as const) {
        const at = await box(cell);
        expect(Math.abs(at.x - column.x), `${name}: left edge`).toBeLessThan(1);
        expect(Math.abs(at.width - column.width), `${name}: width`).toBeLessThan(1);
      }
    }
  };
  await check(['Folder', 'notes.txt', 'data.bin', 'photo.png']);
  // More rows than the list shows: it scrolls, and its scrollbar must not shift the rows against the header.
  await vault.upload(Array.from({ length: 6 }, (_, i) => randomFile(`more ${i}.txt`, 100 + i, 'text/plain')));
  const scroller = vault.grid.getByRole('rowgroup').nth(1);
  await expect.poll(() => scroller.evaluate((e) => e.scrollHeight > e.clientHeight)).toBe(true);
  expect(await scroller.evaluate((e: HTMLElement) => e.offsetWidth - e.clientWidth), 'a scrollbar that takes room').toBeGreaterThan(0);
  await check(['Folder', 'notes.txt', 'more 0.txt']);
});
