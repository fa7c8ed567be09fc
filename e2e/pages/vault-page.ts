import { expect, type Download, type Locator, type Page, type Route } from '@playwright/test';
import { bigFile, MiB } from '../big-file';

/** The Coffer app as a person uses it, through roles and labels. */
export class VaultPage {
  private constructor(readonly page: Page) {}

  /** Opens the app with the token in the URL fragment, as `npm start` prints it. */
  static async open(page: Page, token: string): Promise<VaultPage> {
    await page.goto(`/#token=${encodeURIComponent(token)}`);
    return new VaultPage(page);
  }

  async createVault(passphrase: string): Promise<void> {
    await this.page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await this.page.getByLabel('Repeat passphrase').fill(passphrase);
    await this.page.getByRole('button', { name: 'Create vault' }).click();
    await expect(this.page.getByRole('heading', { name: 'Your files' })).toBeVisible();
  }

  async unlock(passphrase: string): Promise<void> {
    await this.page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await this.page.getByRole('button', { name: 'Unlock', exact: true }).click();
  }

  /** Goes to a section of the unlocked vault through the navigation, as a person would. */
  async goTo(section: 'Files' | 'Shares' | 'File requests' | 'Settings'): Promise<void> {
    const link = this.page.getByRole('navigation', { name: 'Vault' }).getByRole('link', { name: section, exact: true });
    await link.click();
    await expect(link).toHaveAttribute('aria-current', 'page');
  }

  /** Uploads a large file of random bytes written to disk (see bigFile) and waits for its row; returns its path and SHA-256. */
  async uploadBig(name: string, size: number, timeout = 90_000): Promise<{ path: string; sha256: string }> {
    const file = await bigFile(name, size);
    await this.page.getByLabel('Upload files').setInputFiles(file.path);
    await expect(this.row(name)).toBeVisible({ timeout });
    return file;
  }

  async upload(files: { name: string; mimeType: string; buffer: Buffer }[]): Promise<void> {
    await this.page.getByLabel('Upload files').setInputFiles(files);
    for (const file of files) await expect(this.row(file.name)).toBeVisible();
  }

  /** A row of the file list by the name it shows: the name in a folder, the whole path in search results. */
  row(name: string): Locator {
    return this.page.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name, exact: true }) });
  }

  /** The file list (an ARIA grid). */
  get grid(): Locator {
    return this.page.getByRole('grid', { name: 'Files' });
  }

  /** Opens a folder by its path from the top ('' for the top itself), through the breadcrumbs and the folder rows, as a person would. */
  async openFolder(path: string): Promise<void> {
    const top = this.page.getByRole('navigation', { name: 'Folder path' }).getByRole('button', { name: 'All files' });
    if (await top.isVisible()) await top.click();
    for (const segment of path.split('/').filter((s) => s !== '')) {
      await this.row(segment).getByRole('button', { name: segment, exact: true }).click();
      await expect(this.page.getByRole('navigation', { name: 'Folder path' }).locator('[aria-current]')).toHaveText(segment);
    }
  }

  /** Makes a folder inside the folder shown and opens it. */
  async newFolder(name: string): Promise<void> {
    await this.page.getByRole('button', { name: 'New folder' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'New folder' });
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByRole('button', { name: 'Create folder' }).click();
    await expect(this.page.getByRole('navigation', { name: 'Folder path' }).locator('[aria-current]')).toHaveText(name);
  }

  /** Searches the whole vault by name. */
  async search(text: string): Promise<void> {
    await this.page.getByRole('searchbox', { name: 'Search files by name' }).fill(text);
  }

  /** The notification a file operation shows (e.g. "Deleted “a.txt”" with Undo). */
  toast(text: string | RegExp): Locator {
    return this.page.getByRole('region', { name: 'Notifications' }).getByRole('status').filter({ hasText: text });
  }

  /**
   * Runs one of a row's actions ("Download", "Preview", "Share", "Rename", "Move", "Delete") as a person would: its
   * button on a wide screen, or the item of the row's "Actions" menu on a narrow one.
   */
  async rowAction(name: string, action: string): Promise<void> {
    const row = this.row(name);
    await expect(row).toBeVisible();
    const menu = row.getByRole('button', { name: /^Actions for / });
    if ((await menu.count()) === 0) return row.getByRole('button', { name: new RegExp(`^${action} `) }).click();
    await menu.click();
    await this.page.getByRole('menu', { name: await menu.getAttribute('aria-label') ?? '' }).getByRole('menuitem', { name: action, exact: true }).click();
  }

  async download(name: string): Promise<Download> {
    const downloadPromise = this.page.waitForEvent('download');
    await this.rowAction(name, 'Download');
    return downloadPromise;
  }

  /**
   * Deletes a file through its row: confirms in the dialog, then closes the "Deleted" toast so that the delete is
   * sent at once instead of after the Undo time.
   */
  async delete(name: string): Promise<void> {
    await this.rowAction(name, 'Delete');
    await this.page.getByRole('dialog', { name: `Delete “${name}”?` }).getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(this.row(name)).toHaveCount(0);
    const toast = this.toast(`Deleted “${name}”`);
    await toast.getByRole('button', { name: /^Close/ }).click();
    await expect(toast).toHaveCount(0);
  }
}

/**
 * Fault injection: from now on the storage answers a download's reads of vault files with one byte changed, 2 MiB
 * into what it sends (each answer covers 4 MiB).
 */
export async function tamperStoredFiles(page: Page): Promise<void> {
  await page.route(
    (url) => url.pathname.includes('/files/'),
    async (route: Route) => {
      const range = /^bytes=(\d+)-$/.exec(route.request().headers()['range'] ?? '');
      if (!range) return route.continue();
      const response = await route.fetch({ headers: { ...route.request().headers(), range: `bytes=${range[1]}-${Number(range[1]) + 4 * MiB - 1}` } });
      const body = await response.body();
      body[2 * MiB] = (body[2 * MiB] ?? 0) ^ 0x01;
      return route.fulfill({ response, body });
    },
  );
}
