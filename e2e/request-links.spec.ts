import { randomBytes } from 'node:crypto';
import { expect, newPassphrase, test } from './fixtures';
import { OwnerRequests } from './pages/request-pages';

test("a request whose key the endpoint swapped gets no link and no copy button, and says why in plain words; the others' links carry the vault's key", async ({ vault }) => {
  await vault.createVault(newPassphrase());
  const owner = new OwnerRequests(vault.page);
  const honest = await owner.create('Honest request');
  const vaultKey = new URL(honest.link).hash.slice(1);
  await owner.create('Swapped key');

  // A malicious endpoint (or operator editing the record in S3) answers the list with its own X25519 key for one
  // request: a guest's page checks the link's key against this same copy, so a link carrying it would pass.
  const theirs = randomBytes(32).toString('base64url');
  await vault.page.route('**/v1/requests', async (route) => {
    if (route.request().method() !== 'GET') return route.fallback();
    const response = await route.fetch();
    const body = (await response.json()) as { requests: { title: string; publicKey: string }[] };
    for (const request of body.requests) if (request.title === 'Swapped key') request.publicKey = theirs;
    return route.fulfill({ response, json: body });
  });
  await vault.goTo('Files');
  await owner.open();

  const swapped = owner.item('Swapped key');
  await expect(swapped.getByRole('alert')).toHaveText(
    'No link for this request: the key saved with it is not your vault’s. Files sent through it would be locked to that other key, ' +
      'so whoever changed it could read them, and you could not. Close this request and make a new one.',
  );
  // Said in a person's words: none of the operator's.
  await expect(swapped.getByRole('alert')).not.toContainText(/endpoint|public key|bucket/i);
  await expect(swapped.getByLabel('Link for Swapped key')).toHaveCount(0);
  await expect(swapped.getByRole('button', { name: 'Copy link' })).toHaveCount(0);
  await expect(swapped.getByRole('button', { name: 'Close request' })).toBeVisible();

  const kept = owner.item('Honest request');
  await expect(kept.getByLabel('Link for Honest request')).toHaveValue(honest.link);
  await expect(kept.getByRole('button', { name: 'Copy link' })).toBeVisible();
  expect(vaultKey).not.toBe(theirs);
  // The swapped key is nowhere on the owner's page: no link, no text to copy.
  expect(await vault.page.content()).not.toContain(theirs);
});
