import { expect, type Download, type Locator, type Page } from '@playwright/test';

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
    await this.page.getByRole('button', { name: 'Unlock' }).click();
  }

  /** Goes to a section of the unlocked vault through the navigation, as a person would. */
  async goTo(section: 'Files' | 'Shares' | 'File requests' | 'Settings'): Promise<void> {
    const link = this.page.getByRole('navigation', { name: 'Vault' }).getByRole('link', { name: section, exact: true });
    await link.click();
    await expect(link).toHaveAttribute('aria-current', 'page');
  }

  async upload(files: { name: string; mimeType: string; buffer: Buffer }[]): Promise<void> {
    await this.page.getByLabel('Upload files').setInputFiles(files);
    for (const file of files) await expect(this.row(file.name)).toBeVisible();
  }

  row(name: string): Locator {
    return this.page.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name, exact: true }) });
  }

  async download(name: string): Promise<Download> {
    const downloadPromise = this.page.waitForEvent('download');
    await this.row(name).getByRole('button', { name: /^Download/ }).click();
    return downloadPromise;
  }

  async delete(name: string): Promise<void> {
    this.page.once('dialog', (dialog) => void dialog.accept());
    await this.row(name).getByRole('button', { name: /^Delete/ }).click();
    await expect(this.row(name)).toHaveCount(0);
  }
}
