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
  async create(title: string, limits: { maxFiles?: number; maxMB?: number } = {}): Promise<{ link: string; fingerprint: string }> {
    await this.open();
    const form = this.page.getByRole('form', { name: 'New file request' });
    await form.getByLabel('Title').fill(title);
    if (limits.maxFiles !== undefined) await form.getByLabel('Most files').fill(String(limits.maxFiles));
    if (limits.maxMB !== undefined) await form.getByLabel('Most total size (MB)').fill(String(limits.maxMB));
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
    await expect(this.item(title)).toContainText('Closed ·');
  }

  /** Opens a request's inbox (again, to see what arrived since). */
  async showInbox(title: string): Promise<Locator> {
    const item = this.item(title);
    const hide = item.getByRole('button', { name: 'Hide received files' });
    if (await hide.isVisible()) await hide.click();
    await item.getByRole('button', { name: 'Show received files' }).click();
    return item;
  }

  /**
   * Moves a received file into the vault through its row's button and the folder dialog ('' or left out: the top
   * level); waits until its row has left the inbox.
   */
  async moveIntoVault(title: string, name: string, folder = ''): Promise<void> {
    const item = this.item(title);
    await item.getByRole('button', { name: `Move ${name} into vault`, exact: true }).click();
    const dialog = this.page.getByRole('dialog', { name: `Move ${name} into the vault` });
    if (folder !== '') await dialog.getByLabel('Folder').selectOption(folder);
    await dialog.getByRole('button', { name: folder === '' ? 'Move to All files' : `Move to ${folder}` }).click();
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

  /** The "Add files" picker. */
  get picker(): Locator {
    return this.page.getByLabel('Add files');
  }

  /** Adds files to the list of files to send, without sending them. */
  async choose(files: Parameters<Locator['setInputFiles']>[0]): Promise<void> {
    await this.picker.setInputFiles(files);
  }

  /** Sends every file chosen so far, with the "Send …" button under the list. */
  async sendChosen(): Promise<void> {
    await this.page.getByRole('region', { name: /^Ready to send/ }).getByRole('button', { name: /^Send \d+ files?$/ }).click();
  }

  /** Chooses files and sends them; waits until each is sent or refused. */
  async send(files: { name: string; mimeType: string; buffer: Buffer }[]): Promise<void> {
    await this.choose(files);
    await this.sendChosen();
    for (const file of files) await expect(this.upload(file.name)).toContainText(/Sent|Refused/);
  }

  /** A file in the list of files to send. */
  chosen(name: string): Locator {
    return this.page.getByRole('list', { name: 'Files to send' }).getByRole('listitem', { name, exact: true });
  }

  /** The sentence that says what is left of the request (or why it takes nothing more). */
  get room(): Locator {
    return this.page.getByRole('status', { name: 'What this request still takes' });
  }

  /** The receipt code the guest was given for a sent file. */
  async receiptCode(name: string): Promise<string> {
    return (await this.page.getByRole('region', { name: 'Receipt', exact: true }).getByLabel(`Receipt code of ${name}`).textContent()) ?? '';
  }

  upload(name: string): Locator {
    return this.page.getByRole('list', { name: 'Your uploads' }).getByRole('listitem', { name, exact: true });
  }
}
