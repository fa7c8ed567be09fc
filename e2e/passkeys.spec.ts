import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { inspectPasskeys } from '../src/format';
import { seriousViolations } from './axe';
import { expect, newPassphrase, s3Client, test, type Page } from './fixtures';
import { VaultPage } from './pages/vault-page';
import { VirtualAuthenticator } from './webauthn';

/**
 * Passkeys need the app at a name: an IP address such as 127.0.0.1 is no valid RP id. The same stack, at localhost.
 */
const AT_LOCALHOST = (process.env.COFFER_E2E_URL ?? '').replace('//127.0.0.1:', '//localhost:');
test.use({ baseURL: AT_LOCALHOST });

async function userOf(page: Page, token: string): Promise<string> {
  const answer = await page.request.get('/v1/me', { headers: { authorization: `Bearer ${token}` } });
  return ((await answer.json()) as { user: string }).user;
}

/** An object's bytes straight from the bucket, as the storage operator sees them; null when there is none. */
async function stored(key: string): Promise<Uint8Array | null> {
  try {
    const object = await s3Client().send(new GetObjectCommand({ Bucket: 'coffer', Key: key }));
    return (await object.Body?.transformToByteArray()) ?? null;
  } catch (error) {
    if (error instanceof Error && error.name === 'NoSuchKey') return null;
    throw error;
  }
}

/** The names the stored passkey object lists (unauthenticated: as the bucket holds them). */
async function storedPasskeyNames(user: string): Promise<string[] | null> {
  const object = await stored(`users/${user}/vault/passkeys.coffer`);
  return object === null ? null : inspectPasskeys(object).passkeys.map((p) => p.name);
}

/** The Settings panel "Unlock with a passkey". */
const panel = (page: Page) => page.getByRole('region', { name: 'Unlock with a passkey' });

async function registerPasskey(vault: VaultPage, name: string, passphrase: string): Promise<void> {
  await vault.goTo('Settings');
  const form = panel(vault.page).getByRole('form', { name: 'Register a passkey' });
  await form.getByLabel('Passkey name').fill(name);
  await form.getByLabel('Your passphrase').fill(passphrase);
  await form.getByRole('button', { name: 'Register passkey' }).click();
  const toast = vault.toast(`Passkey “${name}” registered: it unlocks this vault from now on.`);
  await expect(toast).toBeVisible();
  await expect(panel(vault.page).getByRole('list', { name: 'Registered passkeys' })).toContainText(name);
  await toast.getByRole('button', { name: /^Close/ }).click();
}

async function lock(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
}

/** The vault is open (in whichever section it was locked). */
const unlocked = (page: Page) => expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();

async function unlockWithPasskey(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Unlock with passkey' }).click();
  await unlocked(page);
}

/** Another device of the same person: a page of its own authenticator, in the same browser profile (signed in). */
async function otherDevice(page: Page, opts: { prf?: boolean } = {}): Promise<{ page: Page; authenticator: VirtualAuthenticator }> {
  const other = await page.context().newPage();
  const authenticator = await VirtualAuthenticator.attach(other, opts);
  await other.goto('/');
  await expect(other.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
  return { page: other, authenticator };
}

test('register a passkey, lock, unlock with it; a second on another device; remove one; the passphrase still unlocks', async ({ vault, token }) => {
  test.slow(); // Argon2id (128 MiB) at each registration and passphrase unlock.
  const laptop = await VirtualAuthenticator.attach(vault.page);
  const passphrase = newPassphrase();
  await vault.createVault(passphrase);
  const user = await userOf(vault.page, token);
  await vault.goTo('Settings');
  await expect(panel(vault.page)).toContainText('No passkey is registered');
  await registerPasskey(vault, 'Laptop', passphrase);
  expect(await laptop.credentialIds()).toHaveLength(1);
  expect(await storedPasskeyNames(user)).toEqual(['Laptop']);

  await lock(vault.page);
  // The passkey comes first; the passphrase is still offered.
  await expect(vault.page.getByRole('button', { name: 'Unlock with passkey' })).toBeFocused();
  await expect(vault.page.getByLabel('Passphrase', { exact: true })).toBeVisible();
  expect(await seriousViolations(vault.page)).toEqual([]);
  await unlockWithPasskey(vault.page);

  // A second passkey, made on another device (it is asked for the passphrase once).
  const phone = await otherDevice(vault.page);
  await new VaultPage(phone.page).unlock(passphrase);
  await unlocked(phone.page);
  await registerPasskey(new VaultPage(phone.page), 'Phone', passphrase);
  expect(await storedPasskeyNames(user)).toEqual(['Laptop', 'Phone']);
  await lock(phone.page);
  await unlockWithPasskey(phone.page);
  await lock(vault.page);
  await vault.page.reload();
  await unlockWithPasskey(vault.page);

  // Settings list both, authenticated with the vault key; removing one leaves the other working.
  await vault.goTo('Settings');
  const listed = panel(vault.page).getByRole('list', { name: 'Registered passkeys' });
  await expect(listed.getByRole('listitem')).toHaveCount(2);
  expect(await seriousViolations(vault.page)).toEqual([]);
  await listed.getByRole('button', { name: 'Remove passkey “Phone”' }).click();
  await expect(vault.toast('Passkey “Phone” removed: it no longer unlocks this vault.')).toBeVisible();
  await expect(listed.getByRole('listitem')).toHaveCount(1);
  expect(await storedPasskeyNames(user)).toEqual(['Laptop']);

  await phone.page.reload();
  await phone.page.getByRole('button', { name: 'Unlock with passkey' }).click();
  await expect(phone.page.getByRole('alert')).toContainText('No passkey of this vault answered');
  await new VaultPage(phone.page).unlock(passphrase);
  await unlocked(phone.page);

  await lock(vault.page);
  await unlockWithPasskey(vault.page);
});
