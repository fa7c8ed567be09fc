import { expect, type Download, type Locator, type Page } from '@playwright/test';

/** The owner's "File requests" section of the unlocked vault (`create` goes there). */
export class OwnerRequests {
  constructor(readonly page: Page) {}

  /** Opens the vault's "File requests" section. */
  async open(): Promise<void> {
    const link = this.page.getByRole('navigation', { name: 'Vault' }).getByRole('link', { name: 'File requests', exact: true });
    await link.click();
    await expect(link).toHaveAttribute('aria-current', 'page');
  }

  /** Creates a request (in the "File requests" section) and returns its link and the fingerprint shown beside it. */
  async create(title: string, limits: { maxFiles?: number; maxMiB?: number } = {}): Promise<{ link: string; fingerprint: string }> {
    await this.open();
    const form = this.page.getByRole('form', { name: 'New file request' });
    await form.getByLabel('Title').fill(title);
    if (limits.maxFiles !== undefined) await form.getByLabel('Most files').fill(String(limits.maxFiles));
    if (limits.maxMiB !== undefined) await form.getByLabel('Most total size (MiB)').fill(String(limits.maxMiB));
    await form.getByRole('button', { name: 'Create request' }).click();
    const item = this.item(title);
    await expect(item).toBeVisible();
    return {
      link: await item.getByLabel(`Link for ${title}`).inputValue(),
      fingerprint: (await item.getByLabel('Key fingerprint').textContent()) ?? '',
    };
  }

  item(title: string): Locator {
    return this.page.getByRole('listitem', { name: title, exact: true });
  }

  async close(title: string): Promise<void> {
    await this.item(title).getByRole('button', { name: 'Close request' }).click();
    await expect(this.item(title)).toContainText('closed');
  }

  /** Opens a request's inbox (again, to see what arrived since). */
  async showInbox(title: string): Promise<Locator> {
    const item = this.item(title);
    const hide = item.getByRole('button', { name: 'Hide received files' });
    if (await hide.isVisible()) await hide.click();
    await item.getByRole('button', { name: 'Show received files' }).click();
    return item;
  }

  async download(title: string, name: string): Promise<Download> {
    const downloadPromise = this.page.waitForEvent('download');
    await this.item(title).getByRole('button', { name: `Download ${name}`, exact: true }).click();
    return downloadPromise;
  }
}

/** The page a guest opens from a request link. */
export class GuestRequestPage {
  private constructor(readonly page: Page) {}

  static async open(page: Page, link: string): Promise<GuestRequestPage> {
    await page.goto(link);
    return new GuestRequestPage(page);
  }

  async fingerprint(): Promise<string> {
    return (await this.page.getByLabel('Owner key fingerprint').textContent()) ?? '';
  }

  /** Chooses files; waits until each is sent or refused. */
  async send(files: { name: string; mimeType: string; buffer: Buffer }[]): Promise<void> {
    await this.page.getByLabel('Upload files').setInputFiles(files);
    for (const file of files) await expect(this.upload(file.name)).toContainText(/Sent|Refused/);
  }

  upload(name: string): Locator {
    return this.page.getByRole('list', { name: 'Your uploads' }).getByRole('listitem', { name, exact: true });
  }
}
