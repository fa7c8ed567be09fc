import type { Page, Request } from '@playwright/test';
import { claimUserToken, expect, newPassphrase, randomFile, secondTokenOf, test } from './fixtures';

async function userOf(page: Page, token: string): Promise<string> {
  const answer = await page.request.get('/v1/me', { headers: { authorization: `Bearer ${token}` } });
  return ((await answer.json()) as { user: string }).user;
}

/** The token this browser keeps for its next visit. */
async function keptToken(page: Page): Promise<string | undefined> {
  const kept = await page.evaluate(() => localStorage.getItem('coffer.connection'));
  return kept === null ? undefined : (JSON.parse(kept) as { token: string }).token;
}

/** A link that signs in with `token`, as `npm start` prints one (or as anyone can make one). */
const signInLink = (token: string) => `/#token=${encodeURIComponent(token)}`;

test("a link with another account's token, opened where an account is kept, asks first; Switch signs in as that account", async ({ vault, token }) => {
  await vault.createVault(newPassphrase());
  const theirs = claimUserToken();
  const theirUser = await userOf(vault.page, theirs);

  // A new tab of the same browser (the kept connection is shared) opens the link someone sent.
  const page = await vault.page.context().newPage();
  await page.goto(signInLink(theirs));
  const dialog = page.getByRole('dialog', { name: 'Sign in as another account?' });
  await expect(dialog).toContainText(`This link signs you in as another account: ${theirUser} at`);
  await expect(dialog).toContainText(`You are signed in as ${await userOf(page, token)}`);
  await expect(page).not.toHaveURL(/token=/);
  expect(await keptToken(page)).toBe(token);

  await dialog.getByRole('button', { name: 'Switch account' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Create your vault' })).toBeVisible();
  expect(await keptToken(page)).toBe(theirs);
});

test("a link with another account's token never switches an unlocked vault by itself; Keep current keeps everything", async ({ vault, token }) => {
  const passphrase = newPassphrase();
  await vault.createVault(passphrase);
  await vault.upload([randomFile('mine.txt', 2000, 'text/plain')]);
  const theirs = claimUserToken();

  // The link followed in the open tab: only the fragment changes, so the page (and the unlocked vault) stays.
  await vault.page.goto(new URL(signInLink(theirs), vault.page.url()).toString());
  const dialog = vault.page.getByRole('dialog', { name: 'Sign in as another account?' });
  await expect(dialog).toContainText(`signs you in as another account: ${await userOf(vault.page, theirs)}`);
  await expect(dialog).toContainText('and your vault is unlocked');
  await expect(vault.page).not.toHaveURL(/token=/);

  await dialog.getByRole('button', { name: 'Keep current account' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(vault.row('mine.txt')).toBeVisible();
  await expect(vault.page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();
  expect(await keptToken(vault.page)).toBe(token);
  // A reload still opens this account's vault.
  await vault.page.reload();
  await vault.unlock(passphrase);
  await expect(vault.row('mine.txt')).toBeVisible();
});

test('a link with the token already in use changes nothing and asks nothing', async ({ vault, token }) => {
  await vault.createVault(newPassphrase());
  await vault.page.goto(new URL(signInLink(token), vault.page.url()).toString());
  await expect(vault.page).not.toHaveURL(/token=/);
  await expect(vault.page.getByRole('heading', { name: 'Your files' })).toBeVisible();
  await expect(vault.page.getByRole('dialog')).toHaveCount(0);
});

test('after the token changes in Settings (same account), uploads sign with the new token only', async ({ vault, token }) => {
  test.slow(); // A multipart upload besides the small one.
  await vault.createVault(newPassphrase());
  await vault.upload([randomFile('before.txt', 1000, 'text/plain')]);
  const next = secondTokenOf(token);
  expect(await userOf(vault.page, next)).toBe(await userOf(vault.page, token));

  await vault.goTo('Settings');
  const form = vault.page.getByRole('form', { name: 'Connection' });
  await form.getByLabel('Access token').fill(next);
  await form.getByRole('button', { name: 'Check and save' }).click();
  await expect(vault.page.getByRole('status').filter({ hasText: 'Connection saved.' })).toBeVisible();

  const signing: string[] = [];
  vault.page.on('request', (request: Request) => {
    const path = new URL(request.url()).pathname;
    if (path === '/v1/presign' || path.startsWith('/v1/multipart')) signing.push(request.headers()['authorization'] ?? '');
  });
  await vault.goTo('Files');
  // One small file (one signed PUT) and one of 6 MiB (a multipart upload: create, sign parts, complete).
  await vault.upload([randomFile('after.txt', 1000, 'text/plain'), randomFile('after.bin', 6 * 1024 * 1024 + 5)]);
  expect(signing.length).toBeGreaterThanOrEqual(4);
  expect(new Set(signing)).toEqual(new Set([`Bearer ${next}`]));
});
