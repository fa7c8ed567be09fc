import { expect, type Browser, type BrowserContext, type Download, type Locator, type Page } from '@playwright/test';
import type { VaultPage } from './vault-page';

/** What the owner picks in the share dialog. */
export interface ShareChoices {
  /** An expiry choice's label ("1 day"), or a local `yyyy-mm-ddThh:mm:ss` for a custom time. */
  expiry?: string;
  maxDownloads?: number;
  password?: string;
  direct?: boolean;
}

/** The owner's side of sharing: the share dialog (Files section) and the vault's "Shares" section. */
export class OwnerShares {
  constructor(private readonly vault: VaultPage) {}

  private get page(): Page {
    return this.vault.page;
  }

  /** Shares a file through its row's Share action and returns the link the dialog shows. */
  async share(fileName: string, choices: ShareChoices = {}): Promise<string> {
    const dialog = await this.create(fileName, choices);
    const link = await dialog.getByLabel('Share link').inputValue();
    await dialog.getByRole('button', { name: 'Close' }).click();
    return link;
  }

  /** Makes a link through the share dialog and leaves the dialog open on the result; returns the dialog. */
  async create(fileName: string, choices: ShareChoices = {}): Promise<Locator> {
    await this.vault.rowAction(fileName, 'Share');
    const dialog = this.page.getByRole('dialog', { name: `Share ${fileName}` });
    if (choices.direct) await dialog.getByLabel('Direct link (not listed, cannot be revoked)').check();
    if (choices.expiry !== undefined && /^\d{4}-/.test(choices.expiry)) {
      await dialog.getByLabel('Link expires after').selectOption('custom');
      await dialog.getByLabel('Expires at').fill(choices.expiry);
    } else if (choices.expiry !== undefined) {
      await dialog.getByLabel('Link expires after').selectOption({ label: choices.expiry });
    }
    if (choices.maxDownloads !== undefined) await dialog.getByLabel(/^Maximum downloads/).fill(String(choices.maxDownloads));
    if (choices.password !== undefined) await dialog.getByLabel('Password (optional)').fill(choices.password);
    await dialog.getByRole('button', { name: 'Create link' }).click();
    const field = dialog.getByLabel('Share link');
    await expect(field).toHaveValue(/\/s\//);
    await expect(dialog.getByRole('img', { name: 'QR code of the share link' })).toBeVisible();
    return dialog;
  }

  /** Opens the vault's Shares section, where the share links are listed. */
  async open(): Promise<void> {
    await this.vault.goTo('Shares');
  }

  /** The row of the Shares table for a file (in the Shares section: `open()` it first). */
  row(fileName: string): Locator {
    return this.page.getByRole('table', { name: 'Share links' }).getByRole('row').filter({ has: this.page.getByRole('rowheader', { name: fileName, exact: true }) });
  }

  /** Revokes the link to a file: Revoke in its row, then "Revoke link" in the dialog that asks; the row stays, revoked. */
  async revoke(fileName: string): Promise<void> {
    await this.row(fileName).getByRole('button', { name: /^Revoke/ }).click();
    await this.page.getByRole('dialog', { name: `Revoke the link to ${fileName}?` }).getByRole('button', { name: 'Revoke link' }).click();
    await expect(this.row(fileName)).toContainText('Revoked on');
    await expect(this.row(fileName).getByRole('button', { name: /^Revoke/ })).toHaveCount(0);
  }
}

/** The recipient's page, in a browser context of its own: no token, no vault, nothing stored. */
export class RecipientPage {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  /** Opens a link in a fresh context of `browser`; `prepare` runs before (to inject a fault with `context.route`). */
  static async open(browser: Browser, link: string, prepare?: (context: BrowserContext) => Promise<unknown>): Promise<RecipientPage> {
    const context = await browser.newContext();
    await prepare?.(context);
    const page = await context.newPage();
    await page.goto(link);
    return new RecipientPage(context, page);
  }

  /** The decrypted file name, shown as the page's heading. */
  fileHeading(name: string): Locator {
    return this.page.getByRole('heading', { name, exact: true });
  }

  alert(): Locator {
    return this.page.getByRole('alert');
  }

  async enterPassword(password: string): Promise<void> {
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Open' }).click();
  }

  async download(): Promise<Download> {
    const downloadPromise = this.page.waitForEvent('download');
    await this.page.getByRole('button', { name: 'Download' }).click();
    return downloadPromise;
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
