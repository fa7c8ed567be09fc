import AxeBuilder from '@axe-core/playwright';
import type { Route } from '@playwright/test';
import { expect, newPassphrase, randomFile, test, type Page } from './fixtures';
import { GuestRequestPage, OwnerRequests } from './pages/request-pages';
import { OwnerShares, RecipientPage } from './pages/share-pages';
import { expectPlainWords } from './plain-words';

/**
 * axe-core on every screen, in the light and the dark theme, at desktop and phone width: no serious or critical
 * violation (WCAG 2.1 A/AA rules, colour contrast included, and axe's best practices), no sideways scrolling, and
 * plain words (no operator's terms outside Settings → Connection: plain-words.ts). Failures are soft, so one run
 * lists every screen's problems.
 */
async function expectAccessible(page: Page, screen: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    const serious = violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect.soft(serious, `${screen}, ${colorScheme} theme`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: null });
  // Nothing may scroll sideways, at desktop or phone width (WCAG 1.4.10 reflow).
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect.soft(overflow, `${screen}: page wider than the window by ${overflow} px`).toBe(0);
  await expectPlainWords(page, screen, [page.getByRole('form', { name: 'Connection' })]);
}

const SIZES = [
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
  { name: 'phone', viewport: { width: 375, height: 667 } },
] as const;

for (const { name, viewport } of SIZES) {
  test(`every screen passes axe (${name})`, async ({ vault, browser }) => {
    // About fifty axe runs (25 screens, two themes), a few Argon2id derivations and four browser contexts.
    test.setTimeout(480_000);
    const { page } = vault;
    await page.setViewportSize(viewport);
    const fresh = async (link: string) => {
      const context = await browser.newContext({ viewport, baseURL: process.env.COFFER_E2E_URL });
      const other = await context.newPage();
      await other.goto(link);
      return other;
    };

    const signedOut = await fresh('/');
    await expect(signedOut.getByRole('heading', { name: 'Connect to Coffer' })).toBeVisible();
    await expectAccessible(signedOut, 'connect form');
    await signedOut.context().close();

    await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
    await page.getByLabel('Passphrase', { exact: true }).fill('password123');
    await expect(page.getByRole('meter', { name: 'Passphrase strength' })).toBeVisible();
    await expectAccessible(page, 'create vault with a weak passphrase');
    const passphrase = newPassphrase();
    await vault.createVault(passphrase);
    await expectAccessible(page, 'empty vault');

    // An upload held in flight: its PUT waits until axe has looked at the progress.
    const held: Route[] = [];
    await page.route('**/coffer/users/**', (route) => (route.request().method() === 'PUT' ? held.push(route) : route.fallback()));
    await page.getByLabel('Upload files').setInputFiles([randomFile('notes.txt', 4000, 'text/plain')]);
    await expect.poll(() => held.length).toBeGreaterThan(0);
    await expectAccessible(page, 'upload in progress');
    for (const route of held) await route.fallback();
    await page.unroute('**/coffer/users/**');
    await expect(vault.row('notes.txt')).toBeVisible();
    await vault.upload([randomFile('photo.jpg', 20_000, 'image/jpeg')]);
    await page.getByRole('button', { name: 'New folder' }).click();
    await expect(page.getByRole('dialog', { name: 'New folder' })).toBeVisible();
    await expectAccessible(page, 'new folder dialog');
    await page.getByRole('dialog', { name: 'New folder' }).getByLabel('Name').fill('Trips');
    await page.getByRole('dialog', { name: 'New folder' }).getByRole('button', { name: 'Create folder' }).click();
    await vault.upload([randomFile('ticket.pdf', 5000, 'application/pdf')]);
    await expectAccessible(page, 'a folder');
    await vault.openFolder('');
    await expect(vault.row('Trips')).toBeVisible();
    await expectAccessible(page, 'vault with files and folders');

    if (name === 'phone') {
      // A narrow screen puts a row's actions in one menu.
      await vault.row('photo.jpg').getByRole('button', { name: 'Actions for photo.jpg' }).click();
      await expect(page.getByRole('menu', { name: 'Actions for photo.jpg' })).toBeVisible();
      await expectAccessible(page, 'row actions menu');
      await page.keyboard.press('Escape');
      await expect(page.getByRole('menu')).toHaveCount(0);
    }
    await vault.rowAction('photo.jpg', 'Rename');
    await expect(page.getByRole('dialog', { name: /^Rename/ })).toBeVisible();
    await expectAccessible(page, 'rename dialog');
    await page.keyboard.press('Escape');
    await vault.rowAction('photo.jpg', 'Move');
    await expect(page.getByRole('dialog', { name: /^Move/ })).toBeVisible();
    await expectAccessible(page, 'move dialog');
    await page.keyboard.press('Escape');
    await vault.rowAction('photo.jpg', 'Delete');
    await expect(page.getByRole('dialog', { name: 'Delete “photo.jpg”?' })).toBeVisible();
    await expectAccessible(page, 'delete confirmation');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await vault.grid.getByRole('checkbox', { name: 'Select all in view' }).check();
    await expect(page.getByRole('toolbar', { name: 'Selected items' })).toBeVisible();
    await expectAccessible(page, 'selection');
    await vault.grid.getByRole('checkbox', { name: 'Select all in view' }).uncheck();
    await vault.search('ticket');
    await expect(vault.row('Trips/ticket.pdf')).toBeVisible();
    await expectAccessible(page, 'search results');
    await vault.search('');
    await expect(vault.row('Trips')).toBeVisible();

    await vault.rowAction('notes.txt', 'Preview');
    const preview = page.getByRole('dialog', { name: /notes\.txt/ });
    await expect(preview).toBeVisible();
    await expectAccessible(page, 'preview dialog');
    await page.keyboard.press('Escape');
    await expect(preview).toBeHidden();

    await vault.rowAction('notes.txt', 'Share');
    const shareDialog = page.getByRole('dialog', { name: 'Share notes.txt' });
    await expectAccessible(page, 'share dialog');
    await shareDialog.getByRole('button', { name: 'Close' }).click();
    const shares = new OwnerShares(vault);
    const link = await shares.share('notes.txt', { expiry: '1 day' });
    const passwordLink = await shares.share('photo.jpg', { expiry: '1 day', password: 'open sesame 42' });
    await shares.open();
    await expect(shares.row('notes.txt')).toBeVisible();
    await expectAccessible(page, 'share list');

    const requests = new OwnerRequests(page);
    const request = await requests.create('Receipts 2031');
    await expectAccessible(page, 'file requests');
    const guest = await GuestRequestPage.open(await fresh('/'), request.link);
    await expect(guest.page.getByRole('heading', { name: 'Receipts 2031' })).toBeVisible();
    await expectAccessible(guest.page, 'guest request page');
    await guest.send([randomFile('receipt.pdf', 3000, 'application/pdf')]);
    await expect(guest.upload('receipt.pdf')).toContainText('Sent');
    await expectAccessible(guest.page, 'guest request page after sending');
    await guest.page.context().close();
    const inbox = await requests.showInbox('Receipts 2031');
    await expect(inbox.getByRole('rowheader', { name: 'receipt.pdf', exact: true })).toBeVisible();
    await expectAccessible(page, 'owner inbox');

    const recipient = await RecipientPage.open(browser, link);
    await recipient.page.setViewportSize(viewport);
    await expect(recipient.fileHeading('notes.txt')).toBeVisible();
    await expectAccessible(recipient.page, 'share recipient page');
    await recipient.close();
    const guarded = await RecipientPage.open(browser, passwordLink);
    await guarded.page.setViewportSize(viewport);
    await expect(guarded.page.getByLabel('Password')).toBeVisible();
    await expectAccessible(guarded.page, 'share recipient page asking for the password');
    await guarded.enterPassword('open sesame 41');
    await expect(guarded.alert()).toBeVisible();
    await expectAccessible(guarded.page, 'share recipient page after a wrong password');
    await guarded.close();

    await vault.goTo('Settings');
    await page.getByLabel('New passphrase', { exact: true }).fill('password123');
    await expectAccessible(page, 'settings');

    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
    await vault.unlock('not the passphrase');
    await expect(page.getByRole('alert')).toBeVisible();
    await expectAccessible(page, 'unlock with a wrong passphrase');
  });
}
