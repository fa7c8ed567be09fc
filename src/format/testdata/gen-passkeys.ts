/**
 * Passkey object vectors (SPEC section 14): the body is the object; the identity is a credential id and the PRF
 * output its authenticator gives for the entry's salt; `settings` is the vault settings object the key is checked
 * against. Objects are built byte by byte from the SPEC's table, not by the code under test. Payload: SHA-256 of the
 * master key, followed by a rotation's previous master key when the settings carry one (as for settings_*).
 */
import { buf, concat, toHex, u16, u32, u64 } from '../bytes';
import { LABEL_PASSKEY, LABEL_PASSKEYS_TAG, PASSKEYS_MAGIC } from '../constants';
import { hkdfBase, sealOnce } from '../keys';
import { TEST_ARGON2 } from '../test-helpers';
import { changeVaultPassphrase, createVault, finishVaultKeyRotation, openSettingsRawKeys, rotateVaultKey } from '../vault';
import { add, flip, NONE, PASS, seeded, sha, vault } from './gen-kit';
import { v1 } from './gen-settings';
import type { Vector } from './vector-file';

/** One passkey as its authenticator knows it: the credential id, and the PRF output for the entry's salt. */
interface Credential {
  id: Uint8Array;
  name: string;
  salt: Uint8Array;
  prf: Uint8Array;
}

const credential = (name: string, idLength = 32): Credential => {
  const random = seeded(`passkey ${name}`);
  return { id: random(idLength), name, salt: random(32), prf: random(32) };
};
const laptop = credential('Laptop');
const phone = credential('Phone', 64);
const CREATED = 1_760_000_000_000;

/** An entry, its master key sealed as section 14 says; `aadId` seals it for another credential id than the one stored. */
async function entry(vaultId: Uint8Array, master: Uint8Array, c: Credential, aadId = c.id): Promise<Uint8Array> {
  const params = { name: 'HKDF', hash: 'SHA-256', salt: buf(c.salt), info: new TextEncoder().encode(LABEL_PASSKEY) };
  const kek = await crypto.subtle.deriveKey(params, await hkdfBase(c.prf), { name: 'AES-GCM', length: 256 }, false, ['encrypt']);
  const aad = concat(PASSKEYS_MAGIC, u32(1), vaultId, u16(aadId.length), aadId);
  const name = new TextEncoder().encode(c.name);
  return concat(u16(c.id.length), c.id, new Uint8Array([name.length]), name, u64(CREATED), c.salt, await sealOnce(kek, master, aad));
}

/** The list tag: HMAC-SHA-256 under HKDF(master key, 32 zero bytes, "coffer/v1 passkeys-tag") of every byte before it. */
async function tagged(body: Uint8Array, master: Uint8Array): Promise<Uint8Array> {
  const params = { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: new TextEncoder().encode(LABEL_PASSKEYS_TAG) };
  const key = await crypto.subtle.deriveKey(params, await hkdfBase(master), { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']);
  return concat(body, new Uint8Array(await crypto.subtle.sign('HMAC', key, buf(body))));
}

/** A whole object: magic, version, vault id, count, the entries, the list tag. */
async function object(vaultId: Uint8Array, master: Uint8Array, entries: Uint8Array[], count = entries.length): Promise<Uint8Array> {
  return tagged(concat(PASSKEYS_MAGIC, u32(1), vaultId, new Uint8Array([count]), ...entries), master);
}

/** The vectors' vault: settings, vault id (bytes 12..27 of the settings) and raw master key. */
async function ours() {
  const v = await vault();
  return { settings: v.settings, vaultId: v.settings.subarray(12, 28), master: v.raw };
}

const one = async (c = laptop) => {
  const { vaultId, master } = await ours();
  return object(vaultId, master, [await entry(vaultId, master, c)]);
};
const two = async () => {
  const { vaultId, master } = await ours();
  return object(vaultId, master, [await entry(vaultId, master, laptop), await entry(vaultId, master, phone)]);
};

/** A vector; on success the payload is what the settings give with the passphrase (the same keys, by another way in). */
async function result(body: Uint8Array, expect: string, opts: { settings?: Uint8Array; passphrase?: string; c?: Credential; prf?: Uint8Array; generation?: number } = {}): Promise<Omit<Vector, 'comment'>> {
  const settings = opts.settings ?? (await ours()).settings;
  const c = opts.c ?? laptop;
  const keys = expect === 'success' ? await openSettingsRawKeys(settings, opts.passphrase ?? PASS) : undefined;
  return {
    expect,
    payload: keys ? sha(concat(keys.master, keys.previous ?? new Uint8Array(0))) : NONE,
    ...(opts.generation === undefined ? {} : { generation: String(opts.generation) }),
    credentialId: toHex(c.id),
    prfOutput: toHex(opts.prf ?? c.prf),
    settings: toHex(settings),
    body,
  };
}

/** Offset of the first entry's name (after magic, version, vault id, count, id length, id and name length). */
const NAME_AT = 8 + 4 + 16 + 1 + 2 + 32 + 1;

add('passkeys_ok', 'one passkey; PRF output and credential id as an authenticator gives them; payload is SHA-256 of the master key', async () =>
  result(await one(), 'success', { generation: 1 }));
add('passkeys_second_of_two', 'two passkeys, unlocked with the second (a 64-byte credential id)', async () => result(await two(), 'success', { c: phone, generation: 1 }));
add('passkeys_wrong_prf_output', "another authenticator's PRF output for the same credential id", async () =>
  result(await one(), 'error wrong-key', { prf: seeded('another authenticator')(32) }));
add('passkeys_unknown_credential', 'a credential the list does not hold', async () => result(await one(), 'error no-matching-recipient', { c: phone }));
add('passkeys_relabelled_credential', "an entry moved under another credential id (list tag made again): the wrapped key's AAD binds the id", async () => {
  const { vaultId, master } = await ours();
  const moved = { ...laptop, id: phone.id };
  return result(await object(vaultId, master, [await entry(vaultId, master, moved, laptop.id)]), 'error wrong-key', { c: moved });
});
add('passkeys_other_vault', "another vault's passkey object, whole and valid, beside this vault's settings", async () => {
  const other = await createVault(PASS, { argon2: TEST_ARGON2 }, seeded('other vault'));
  const { master } = await openSettingsRawKeys(other.settings, PASS);
  const vaultId = other.settings.subarray(12, 28);
  return result(await object(vaultId, master, [await entry(vaultId, master, laptop)]), 'error wrong-key');
});
add('passkeys_before_rotation', 'made for the master key a finished key rotation replaced: the settings key tag does not verify under it', async () => {
  const { settings: started, masterKey } = await rotateVaultKey((await ours()).settings, PASS, { argon2: TEST_ARGON2 }, seeded('rotate'));
  return result(await one(), 'error wrong-key', { settings: await finishVaultKeyRotation(started, masterKey) });
});
add('passkeys_during_rotation', "registered during a key rotation, for the new key: the settings give the previous key too", async () => {
  const { settings } = await rotateVaultKey((await ours()).settings, PASS, { argon2: TEST_ARGON2 }, seeded('rotate'));
  const { master } = await openSettingsRawKeys(settings, PASS);
  const vaultId = settings.subarray(12, 28);
  return result(await object(vaultId, master, [await entry(vaultId, master, laptop)]), 'success', { settings, generation: 2 });
});
add('passkeys_changed_passphrase', 'the settings after a passphrase change (generation 2): the same master key, so the passkey still opens', async () => {
  const settings = await changeVaultPassphrase((await ours()).settings, PASS, 'new passphrase', { argon2: TEST_ARGON2 }, seeded('change'));
  return result(await one(), 'success', { settings, passphrase: 'new passphrase', generation: 2 });
});
add('passkeys_settings_flipped_tag', "one bit of the settings' key tag flipped", async () => result(await one(), 'error wrong-key', { settings: flip((await ours()).settings, -1) }));
add('passkeys_settings_v1', 'version 1 settings, which have no key tag to check a key from a passkey with', async () => result(await one(), 'error unsupported-version', { settings: await v1() }));
add('passkeys_flipped_wrapped_key', 'one bit of the wrapped master key flipped', async () => result(flip(await one(), -33), 'error wrong-key'));
add('passkeys_flipped_salt', 'one bit of the salt flipped (another KEK)', async () => result(flip(await one(), -33 - 48), 'error wrong-key'));
add('passkeys_flipped_name', "one bit of the passkey's name flipped: the list tag", async () => result(flip(await one(), NAME_AT), 'error wrong-key'));
add('passkeys_flipped_tag', 'one bit of the list tag flipped', async () => result(flip(await one(), -1), 'error wrong-key'));
add('passkeys_bad_magic', 'the settings magic instead of the passkey magic', async () => result(flip(await one(), 3), 'error not-coffer'));
add('passkeys_unknown_version', 'version 2', async () => {
  const body = (await one()).slice();
  body.set(u32(2), 8);
  return result(body, 'error unsupported-version');
});
add('passkeys_truncated', 'last byte missing', async () => result((await one()).subarray(0, -1), 'error malformed-settings'));
add('passkeys_trailing_byte', 'one byte after the list tag', async () => result(concat(await one(), new Uint8Array([0])), 'error malformed-settings'));
add('passkeys_no_passkeys', 'a count of 0', async () => {
  const { vaultId, master } = await ours();
  return result(await object(vaultId, master, []), 'error malformed-settings');
});
add('passkeys_six', 'six passkeys: one more than a vault keeps', async () => {
  const { vaultId, master } = await ours();
  const entries = await Promise.all(['1', '2', '3', '4', '5', '6'].map((n) => entry(vaultId, master, credential(`six ${n}`))));
  return result(await object(vaultId, master, entries), 'error limits-exceeded', { c: credential('six 1') });
});
add('passkeys_duplicate_credential', 'one credential id listed twice (with two salts)', async () => {
  const { vaultId, master } = await ours();
  const twin = { ...credential('twin'), id: laptop.id };
  return result(await object(vaultId, master, [await entry(vaultId, master, laptop), await entry(vaultId, master, twin)]), 'error malformed-settings');
});
add('passkeys_name_not_utf8', 'a name that is not UTF-8 (list tag made again)', async () => {
  const bad = (await one()).slice(0, -32);
  bad[NAME_AT] = 0xff;
  return result(await tagged(bad, (await ours()).master), 'error malformed-settings');
});
