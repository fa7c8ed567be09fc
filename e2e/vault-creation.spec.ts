import type { APIResponse, Route } from '@playwright/test';
import { downloadedBytes, expect, newPassphrase, randomFile, sha256, test } from './fixtures';
import { VaultPage } from './pages/vault-page';

/**
 * Makes the settings PUTs of `pages` meet: each is held until all have arrived, then they reach the storage one
 * after the other (the real S3 answers each), and only then does any page get its answer - two browsers that
 * pressed "Create vault" at the same moment, every check before the PUT already passed.
 */
async function meetAtTheSettingsPut(pages: VaultPage[]): Promise<{ statuses: Promise<number[]> }> {
  const held: Route[] = [];
  let allHeld: () => void = () => undefined;
  const met = new Promise<void>((resolve) => (allHeld = resolve));
  let answered: (statuses: number[]) => void = () => undefined;
  const done = new Promise<number[]>((resolve) => (answered = resolve));
  for (const { page } of pages) {
    await page.route('**/vault/settings.coffer?*', async (route) => {
      if (route.request().method() !== 'PUT') return route.fallback();
      held.push(route);
      if (held.length < pages.length) {
        await done;
        return;
      }
      allHeld();
      const responses: APIResponse[] = [];
      for (const each of held) responses.push(await each.fetch());
      await Promise.all(held.map((each, i) => each.fulfill({ response: responses[i] })));
      answered(responses.map((response) => response.status()));
    });
  }
  await met;
  return { statuses: done };
}

test('two pages creating the vault of one account at once: one wins, the other is refused, and no file becomes unreadable', async ({ vault, browser, token }) => {
  test.slow(); // Argon2id in two pages, then again to unlock.
  const context = await browser.newContext({ baseURL: process.env.COFFER_E2E_URL });
  try {
    const pages = [vault, await VaultPage.open(await context.newPage(), token)];
    const passphrases = [newPassphrase(), newPassphrase()];
    for (const [i, { page }] of pages.entries()) {
      await page.getByLabel('Passphrase', { exact: true }).fill(passphrases[i] ?? '');
      await page.getByLabel('Repeat passphrase').fill(passphrases[i] ?? '');
    }
    const meeting = meetAtTheSettingsPut(pages);
    await Promise.all(pages.map(({ page }) => page.getByRole('button', { name: 'Create vault' }).click()));
    // RGW (like AWS) refuses the second conditional PUT; s3rver ignores the condition and takes both, and the
    // read-back finds out which one is stored.
    const statuses = await (await meeting).statuses;
    expect(statuses.toSorted()).toEqual(process.env.COFFER_E2E_S3_BACKEND === 'rgw' ? [200, 412] : [200, 200]);

    const outcomes = await Promise.all(
      pages.map(async ({ page }) => {
        const opened = page.getByRole('heading', { name: 'Your files' });
        await expect(opened.or(page.getByRole('button', { name: 'Unlock', exact: true }))).toBeVisible();
        return (await opened.isVisible()) ? 'won' : 'refused';
      }),
    );
    expect(outcomes.toSorted()).toEqual(['refused', 'won']);
    const winner = outcomes.indexOf('won');
    const won = pages[winner] as VaultPage;
    const refused = pages[1 - winner] as VaultPage;
    await expect(refused.page.getByRole('alert')).toContainText('Another browser or tab created the vault of this account at the same moment');

    // The winner's files are the vault's: the refused page opens them with the winner's passphrase, not its own.
    const file = randomFile('contract.pdf', 300_000, 'application/pdf');
    await won.upload([file]);
    await refused.unlock(passphrases[1 - winner] ?? '');
    await expect(refused.page.getByRole('alert').filter({ hasText: 'Wrong passphrase, or the vault settings were changed' })).toBeVisible();
    await refused.unlock(passphrases[winner] ?? '');
    await expect(refused.row('contract.pdf')).toBeVisible();
    expect(sha256(await downloadedBytes(await refused.download('contract.pdf')))).toBe(sha256(file.buffer));
  } finally {
    await context.close();
  }
});
