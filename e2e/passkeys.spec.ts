import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { inspectPasskeys } from '../src/format';
import { openSettingsRaw } from '../src/format/vault';
import { seriousViolations } from './axe';
import { expect, newPassphrase, s3Client, test, type Page } from './fixtures';
import { VaultPage } from './pages/vault-page';
import { fillStoredBodies, leaks, record, type Recorded } from './requests';
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
async function otherDevice(page: Page, token: string): Promise<{ page: Page; vault: VaultPage; authenticator: VirtualAuthenticator }> {
  const other = await page.context().newPage();
  const authenticator = await VirtualAuthenticator.attach(other);
  const vault = await VaultPage.open(other, token);
  await expect(other.getByRole('heading', { name: 'Unlock your vault' })).toBeVisible();
  return { page: other, vault, authenticator };
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
  const phone = await otherDevice(vault.page, token);
  await phone.vault.unlock(passphrase);
  await unlocked(phone.page);
  await registerPasskey(phone.vault, 'Phone', passphrase);
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

  // The other device reads the list again when it locks: it no longer names that device's passkey, so nothing opens.
  await lock(phone.page);
  await phone.page.getByRole('button', { name: 'Unlock with passkey' }).click();
  await expect(phone.page.getByRole('alert')).toContainText('No passkey of this vault answered');
  await phone.vault.unlock(passphrase);
  await unlocked(phone.page);

  await lock(vault.page);
  await unlockWithPasskey(vault.page);
});

test('an authenticator without the PRF feature is refused clearly, and nothing is stored', async ({ vault, token }) => {
  await VirtualAuthenticator.attach(vault.page, { prf: false });
  const passphrase = newPassphrase();
  await vault.createVault(passphrase);
  await vault.goTo('Settings');
  const form = panel(vault.page).getByRole('form', { name: 'Register a passkey' });
  await form.getByLabel('Passkey name').fill('Old key');
  await form.getByLabel('Your passphrase').fill(passphrase);
  await form.getByRole('button', { name: 'Register passkey' }).click();
  await expect(form.getByRole('alert')).toContainText('This passkey cannot unlock a vault: its authenticator or this browser does not offer the PRF feature');
  await expect(form.getByRole('alert')).toContainText('Nothing was stored.');
  expect(await storedPasskeyNames(await userOf(vault.page, token))).toBeNull();
  await expect(panel(vault.page)).toContainText('No passkey is registered');
  await lock(vault.page);
  await expect(vault.page.getByRole('button', { name: 'Unlock with passkey' })).toHaveCount(0);
  await vault.unlock(passphrase);
  await unlocked(vault.page);
});

/** Offset of the first entry's salt in a passkey object (SPEC section 14). */
function firstSaltAt(object: Uint8Array): number {
  const view = new DataView(object.buffer, object.byteOffset, object.byteLength);
  const idLength = view.getUint16(29);
  const nameLength = object[31 + idLength] ?? 0;
  return 32 + idLength + nameLength + 8;
}

test('a passkey that gives another key, and a device without the vault’s passkeys, are refused with a message; the passphrase still unlocks', async ({ vault, token, browser }) => {
  test.slow();
  await VirtualAuthenticator.attach(vault.page);
  const passphrase = newPassphrase();
  await vault.createVault(passphrase);
  const key = `users/${await userOf(vault.page, token)}/vault/passkeys.coffer`;
  await registerPasskey(vault, 'Laptop', passphrase);
  await lock(vault.page);

  // A fresh authenticator (another device) holds none of the vault's passkeys: nothing unlocks.
  const fresh = await otherDevice(vault.page, token);
  await fresh.page.getByRole('button', { name: 'Unlock with passkey' }).click();
  await expect(fresh.page.getByRole('alert')).toContainText('No passkey of this vault answered');
  expect(await fresh.authenticator.credentialIds()).toEqual([]);
  await fresh.page.close();

  // The storage changes the passkey's salt: its authenticator now gives another PRF output, which opens nothing.
  const object = (await stored(key)) ?? new Uint8Array(0);
  const changed = object.slice();
  const at = firstSaltAt(object);
  changed[at] = (changed[at] ?? 0) ^ 0x01;
  await s3Client().send(new PutObjectCommand({ Bucket: 'coffer', Key: key, Body: changed }));
  await vault.page.reload();
  await vault.page.getByRole('button', { name: 'Unlock with passkey' }).click();
  await expect(vault.page.getByRole('alert')).toHaveText('This passkey no longer opens the vault: unlock with your passphrase and register it again.');
  await vault.unlock(passphrase);
  await unlocked(vault.page);
  await vault.goTo('Settings');
  await expect(panel(vault.page).getByRole('alert')).toContainText('The passkeys stored for this vault no longer open it');
  // Registering again replaces the list that opens nothing.
  await registerPasskey(vault, 'Laptop again', passphrase);
  expect(await storedPasskeyNames(await userOf(vault.page, token))).toEqual(['Laptop again']);
  await lock(vault.page);
  await unlockWithPasskey(vault.page);

  // At 127.0.0.1 (no valid RP id) the unlock screen says why passkeys cannot be used, and where they can.
  const context = await browser.newContext({ baseURL: process.env.COFFER_E2E_URL });
  const numeric = await context.newPage();
  await numeric.goto(`/#token=${encodeURIComponent(token)}`);
  await expect(numeric.getByRole('heading', { name: 'Unlock your vault' })).toContainText('Unlock your vault');
  await expect(numeric.getByText('This vault has passkeys, but they cannot be used here.')).toContainText(`Open this page as ${AT_LOCALHOST} instead.`);
  await expect(numeric.getByRole('button', { name: 'Unlock with passkey' })).toHaveCount(0);
  await context.close();
});

test('a changed passphrase keeps passkeys working; a key rotation removes them, and a copy put back opens nothing', async ({ vault, token }) => {
  test.slow();
  await VirtualAuthenticator.attach(vault.page);
  const first = newPassphrase();
  await vault.createVault(first);
  const key = `users/${await userOf(vault.page, token)}/vault/passkeys.coffer`;
  await registerPasskey(vault, 'Laptop', first);

  const second = newPassphrase();
  const passphraseForm = vault.page.getByRole('form', { name: 'Passphrase' });
  await passphraseForm.getByLabel('Current passphrase').fill(first);
  await passphraseForm.getByLabel('New passphrase', { exact: true }).fill(second);
  await passphraseForm.getByLabel('Repeat new passphrase').fill(second);
  await passphraseForm.getByRole('button', { name: 'Change passphrase' }).click();
  await expect(vault.toast(/^Passphrase changed/)).toBeVisible();
  await lock(vault.page);
  await unlockWithPasskey(vault.page);

  const before = await stored(key);
  await vault.goTo('Settings');
  const rotation = vault.page.getByRole('form', { name: 'Vault key' });
  await expect(rotation).toContainText('Passkeys that unlock the vault hold the old key, so they are removed: register them again afterwards.');
  await rotation.getByLabel('Your passphrase').fill(second);
  await rotation.getByRole('button', { name: 'Rotate vault key' }).click();
  await expect(vault.toast(/^Vault key rotated.*Your passkeys were removed with it: register them again\./)).toBeVisible({ timeout: 60_000 });
  await expect(rotation).toContainText('Passkeys removed with the old key: “Laptop”.');
  expect(await stored(key)).toBeNull();
  await expect(panel(vault.page)).toContainText('No passkey is registered');
  await lock(vault.page);
  await expect(vault.page.getByRole('button', { name: 'Unlock with passkey' })).toHaveCount(0);

  // The storage puts the old list back: its key is the one the rotation replaced, and the settings say so.
  await s3Client().send(new PutObjectCommand({ Bucket: 'coffer', Key: key, Body: before ?? undefined }));
  await vault.page.reload();
  await vault.page.getByRole('button', { name: 'Unlock with passkey' }).click();
  await expect(vault.page.getByRole('alert')).toHaveText('This passkey no longer opens the vault: unlock with your passphrase and register it again.');
  await vault.unlock(second);
  await unlocked(vault.page);
});

test('no request carries the PRF output, the key it gives or the master key', async ({ vault, token }) => {
  test.slow();
  const requests: Promise<Recorded>[] = [];
  vault.page.on('request', (request) => requests.push(record(request)));
  await VirtualAuthenticator.attach(vault.page);
  const passphrase = newPassphrase();
  await vault.createVault(passphrase);
  const user = await userOf(vault.page, token);
  await registerPasskey(vault, 'Laptop', passphrase);
  await lock(vault.page);
  await unlockWithPasskey(vault.page);
  await fillStoredBodies(await Promise.all(requests), AT_LOCALHOST, token);

  // What the authenticator gives for the stored salt, asked again here the way the app asks.
  const object = (await stored(`users/${user}/vault/passkeys.coffer`)) ?? new Uint8Array(0);
  const [entry] = inspectPasskeys(object).passkeys;
  if (!entry) throw new Error('no passkey stored');
  const prfHex = await vault.page.evaluate(
    async ({ id, salt }) => {
      const hex = (b: ArrayBuffer) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');
      const bytes = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));
      const got = (await navigator.credentials.get({
        publicKey: { challenge: new Uint8Array(32), allowCredentials: [{ type: 'public-key', id: bytes(id) }], userVerification: 'required', extensions: { prf: { eval: { first: bytes(salt) } } } },
      })) as PublicKeyCredential;
      const first = got.getClientExtensionResults().prf?.results?.first;
      return first instanceof ArrayBuffer ? hex(first) : '';
    },
    { id: Buffer.from(entry.credentialId).toString('hex'), salt: Buffer.from(entry.salt).toString('hex') },
  );
  const prfOutput = Buffer.from(prfHex, 'hex');
  expect(prfOutput).toHaveLength(32);
  const base = await crypto.subtle.importKey('raw', prfOutput, 'HKDF', false, ['deriveBits']);
  const kek = Buffer.from(await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(entry.salt), info: new TextEncoder().encode('coffer/v1 passkey') }, base, 256));
  const settings = (await stored(`users/${user}/vault/settings.coffer`)) ?? new Uint8Array(0);
  const masterKey = Buffer.from(await openSettingsRaw(settings, passphrase));

  const recorded = await Promise.all(requests);
  const passkeysPut = recorded.find((r) => r.method === 'PUT' && r.url.includes('/vault/passkeys'));
  // The body must have been recorded, or this test would prove nothing: it holds the salt, which is no secret.
  expect(passkeysPut?.body?.includes(Buffer.from(entry.salt))).toBe(true);
  expect([
    ...leaks(recorded, 'PRF output', prfOutput),
    ...leaks(recorded, 'passkey KEK', kek),
    ...leaks(recorded, 'master key', masterKey),
    ...leaks(recorded, 'passphrase', Buffer.from(passphrase)),
  ]).toEqual([]);
});
