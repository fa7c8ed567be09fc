/**
 * Unlocking a vault with a passkey (SPEC.md section 14): a WebAuthn PRF output, through HKDF, is the key-encryption
 * key of the vault master key, one wrapping per registered passkey in an object beside the settings object. The
 * settings object stays the vault's one record of its master key: a key from a passkey counts only once the settings'
 * key tag verifies under it, and the generation and a rotation's previous key come from the settings.
 */
import { buf, concat, equalBytes, toHex, utf8 } from './bytes';
import {
  LABEL_PASSKEY,
  LABEL_PASSKEYS_TAG,
  MAX_CREDENTIAL_ID_LENGTH,
  MAX_PASSKEYS,
  PASSKEY_SALT_LENGTH,
  PRF_OUTPUT_LENGTH,
  ZERO_SALT_LENGTH,
} from './constants';
import { FormatError } from './errors';
import { hkdfBase, openOnce, sealOnce, ZERO_NONCE } from './keys';
import { encodePasskeys, entryAad, parsePasskeys, passkeyNameProblem, type PasskeyEntry, type ParsedPasskeys } from './passkeys-layout';
import { parseSettings, type ParsedSettings } from './settings';
import { importMasterKey, openSettingsRawKeys, previousKeyRaw, vaultState, type OpenedVault } from './vault';

export { passkeyNameProblem } from './passkeys-layout';

/** What anyone may read of a registered passkey: enough to ask an authenticator for its PRF output. */
export interface PasskeyInfo {
  credentialId: Uint8Array;
  name: string;
  /** Milliseconds since the Unix epoch. */
  created: number;
  /** The PRF input to ask the authenticator for (`prf.eval.first`). */
  salt: Uint8Array;
}

/** A passkey to add: what the authenticator made, and what its owner called it. */
export interface NewPasskey extends PasskeyInfo {
  /** The authenticator's PRF output for `salt`. */
  prfOutput: Uint8Array;
}

/** The message of every passkey that does not give the vault's current master key. */
export const PASSKEY_DOES_NOT_OPEN = 'this passkey does not open the vault (registered before a key rotation, or the passkey list was changed)';

function wrongKey(): FormatError {
  return new FormatError('wrong-key', PASSKEY_DOES_NOT_OPEN);
}

/** KEK = HKDF-SHA-256(PRF output, salt, "coffer/v1 passkey"). Why HKDF: the PRF output is a key, not a password. */
async function passkeyKek(prfOutput: Uint8Array, salt: Uint8Array, usages: KeyUsage[]): Promise<CryptoKey> {
  if (prfOutput.length !== PRF_OUTPUT_LENGTH) throw new RangeError(`format: a PRF output is ${PRF_OUTPUT_LENGTH} bytes`);
  const params = { name: 'HKDF', hash: 'SHA-256', salt: buf(salt), info: utf8(LABEL_PASSKEY) };
  return crypto.subtle.deriveKey(params, await hkdfBase(prfOutput), { name: 'AES-GCM', length: 256 }, false, usages);
}

function listTagKey(masterKey: CryptoKey): Promise<CryptoKey> {
  const params = { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(ZERO_SALT_LENGTH), info: utf8(LABEL_PASSKEYS_TAG) };
  return crypto.subtle.deriveKey(params, masterKey, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign', 'verify']);
}

async function withListTag(body: Uint8Array<ArrayBuffer>, masterKey: CryptoKey): Promise<Uint8Array<ArrayBuffer>> {
  return concat(body, new Uint8Array(await crypto.subtle.sign('HMAC', await listTagKey(masterKey), body)));
}

/** Throws 'wrong-key' unless the list tag verifies under `masterKey`: the whole list is what this vault key wrote. */
async function checkListTag(parsed: ParsedPasskeys, masterKey: CryptoKey): Promise<void> {
  if (!(await crypto.subtle.verify('HMAC', await listTagKey(masterKey), buf(parsed.tagged.tag), buf(parsed.tagged.input)))) throw wrongKey();
}

const info = (e: PasskeyEntry): PasskeyInfo => ({ credentialId: e.credentialId.slice(), name: e.name, created: e.created, salt: e.salt.slice() });

/** The version 2 settings a passkey needs (version 1 has no key tag, so a key from a passkey could not be checked). */
function taggedSettings(settings: Uint8Array): ParsedSettings {
  const parsed = parseSettings(settings);
  if (!parsed.tagged) throw new FormatError('unsupported-version', 'a passkey needs vault settings of version 2 (change the passphrase once to write them)');
  return parsed;
}

/** The entry of `credentialId`, in an object of this settings' vault; 'wrong-key' for another vault's object. */
function entryOf(settings: ParsedSettings, parsed: ParsedPasskeys, credentialId: Uint8Array): PasskeyEntry {
  if (!equalBytes(parsed.vaultId, settings.vaultId)) throw wrongKey();
  const entry = parsed.entries.find((e) => equalBytes(e.credentialId, credentialId));
  if (!entry) throw new FormatError('no-matching-recipient', 'this passkey is not registered for this vault');
  return entry;
}

/**
 * The passkeys of an object, unauthenticated (no key needed): what to ask an authenticator for at unlock. Checks the
 * structure only; `unlockWithPasskey` authenticates everything.
 */
export function inspectPasskeys(object: Uint8Array): { vaultId: string; passkeys: PasskeyInfo[] } {
  const parsed = parsePasskeys(object);
  return { vaultId: toHex(parsed.vaultId), passkeys: parsed.entries.map(info) };
}

/**
 * The passkeys of an object, authenticated with the master key (its list tag): what the vault's Settings show.
 * 'wrong-key' for an object this master key did not write (made before a key rotation, or changed in storage).
 */
export async function listPasskeys(object: Uint8Array, masterKey: CryptoKey): Promise<PasskeyInfo[]> {
  const parsed = parsePasskeys(object);
  await checkListTag(parsed, masterKey);
  return parsed.entries.map(info);
}

/** Checks a new passkey's fields against the list it joins. */
function checkNew(passkey: NewPasskey, entries: readonly PasskeyEntry[]): void {
  if (entries.length >= MAX_PASSKEYS) throw new RangeError(`format: a vault keeps at most ${MAX_PASSKEYS} passkeys`);
  const { credentialId, name, created, salt } = passkey;
  if (credentialId.length === 0 || credentialId.length > MAX_CREDENTIAL_ID_LENGTH) throw new RangeError('format: a credential id is 1 to 1023 bytes');
  const problem = passkeyNameProblem(name);
  if (problem !== null) throw new RangeError(`format: ${problem}`);
  if (!Number.isSafeInteger(created) || created < 0) throw new RangeError('format: a registration date is a safe integer of milliseconds');
  if (salt.length !== PASSKEY_SALT_LENGTH) throw new RangeError(`format: a passkey salt is ${PASSKEY_SALT_LENGTH} bytes`);
  if (entries.some((e) => equalBytes(e.credentialId, credentialId))) throw new RangeError('format: this passkey is registered already');
  // Each wrapping is the one message its KEK seals (zero nonce): a salt used before would give a KEK used before.
  if (entries.some((e) => equalBytes(e.salt, salt))) throw new RangeError('format: a passkey salt must be fresh');
}

/**
 * Registers a passkey: the master key (opened from `settings` with the passphrase, which a browser needs because it
 * holds the master key non-extractable) wrapped under the passkey's PRF output, added to `existing` (null: a new
 * object), and the whole list tagged under the master key. `existing` must be this master key's list ('wrong-key'
 * otherwise: pass null to replace a stale one). The salt MUST be fresh random bytes, given to the authenticator as
 * the PRF input.
 */
export async function addPasskey(settings: Uint8Array, passphrase: string, existing: Uint8Array | null, passkey: NewPasskey): Promise<Uint8Array<ArrayBuffer>> {
  const parsedSettings = taggedSettings(settings);
  const list = existing === null ? null : parsePasskeys(existing);
  if (list && !equalBytes(list.vaultId, parsedSettings.vaultId)) throw wrongKey();
  const entries = list?.entries ?? [];
  checkNew(passkey, entries);
  const { master, previous } = await openSettingsRawKeys(settings, passphrase);
  previous?.fill(0);
  try {
    const masterKey = await importMasterKey(master);
    if (list) await checkListTag(list, masterKey);
    const kek = await passkeyKek(passkey.prfOutput, passkey.salt, ['encrypt']);
    const wrapped = await sealOnce(kek, master, entryAad(parsedSettings.vaultId, passkey.credentialId));
    const entry: PasskeyEntry = { credentialId: passkey.credentialId, name: passkey.name, created: passkey.created, salt: passkey.salt, wrapped };
    return await withListTag(encodePasskeys(parsedSettings.vaultId, [...entries, entry]), masterKey);
  } finally {
    master.fill(0);
  }
}

/**
 * The object without the passkey `credentialId`, tagged again (the master key suffices: no passphrase, no
 * authenticator); null when none is left (the caller deletes the object). 'wrong-key' for a list this key did not write.
 */
export async function removePasskey(object: Uint8Array, masterKey: CryptoKey, credentialId: Uint8Array): Promise<Uint8Array<ArrayBuffer> | null> {
  const parsed = parsePasskeys(object);
  await checkListTag(parsed, masterKey);
  const entries = parsed.entries.filter((e) => !equalBytes(e.credentialId, credentialId));
  if (entries.length === parsed.entries.length) throw new RangeError('format: this passkey is not in the list');
  return entries.length === 0 ? null : withListTag(encodePasskeys(parsed.vaultId, entries), masterKey);
}

/** Opens the master key of an entry (non-extractable), then checks it against the settings and the list. */
async function openChecked(settings: Uint8Array, object: Uint8Array, credentialId: Uint8Array, prfOutput: Uint8Array) {
  const parsedSettings = taggedSettings(settings);
  const parsed = parsePasskeys(object);
  const entry = entryOf(parsedSettings, parsed, credentialId);
  const kek = await passkeyKek(prfOutput, entry.salt, ['decrypt', 'unwrapKey']);
  const aad = entryAad(parsed.vaultId, entry.credentialId);
  return { parsed, kek, aad, entry };
}

/** The settings' key tag, then the list tag, under the key a passkey gave: only the vault's current key passes. */
async function checkAgainstVault(settings: Uint8Array, parsed: ParsedPasskeys, masterKey: CryptoKey) {
  const state = await vaultState(settings, masterKey).catch(() => {
    throw wrongKey();
  });
  if (state === null) throw new FormatError('unsupported-version', 'a passkey needs vault settings of version 2');
  await checkListTag(parsed, masterKey);
  return state;
}

/**
 * Unlocks a vault with a passkey's PRF output: its entry's wrapped key is opened (non-extractable, never visible to
 * script), then the settings' key tag and the list tag must verify under it. A PRF output of another authenticator,
 * a passkey registered before a key rotation and any changed byte all fail alike ('wrong-key'); a credential the
 * list does not hold is 'no-matching-recipient'. Generation and a rotation's previous key come from the settings.
 */
export async function unlockWithPasskey(settings: Uint8Array, object: Uint8Array, credentialId: Uint8Array, prfOutput: Uint8Array): Promise<OpenedVault> {
  const { parsed, kek, aad, entry } = await openChecked(settings, object, credentialId, prfOutput);
  let masterKey: CryptoKey;
  try {
    const params = { name: 'AES-GCM', iv: ZERO_NONCE, additionalData: aad };
    masterKey = await crypto.subtle.unwrapKey('raw', buf(entry.wrapped), kek, params, 'HKDF', false, ['deriveKey', 'deriveBits']);
  } catch {
    throw wrongKey();
  }
  return { ...(await checkAgainstVault(settings, parsed, masterKey)), masterKey };
}

/** The raw master key (and a rotation's previous key) a passkey opens, every byte checked (for the test-vector runner only). */
export async function openPasskeyRawKeys(
  settings: Uint8Array,
  object: Uint8Array,
  credentialId: Uint8Array,
  prfOutput: Uint8Array,
): Promise<{ master: Uint8Array; previous?: Uint8Array; generation: number }> {
  const { parsed, kek, aad, entry } = await openChecked(settings, object, credentialId, prfOutput);
  const master = await openOnce(kek, entry.wrapped, aad);
  if (master === undefined) throw wrongKey();
  const masterKey = await importMasterKey(master);
  const { generation } = await checkAgainstVault(settings, parsed, masterKey);
  const previous = await previousKeyRaw(settings, masterKey);
  return previous === undefined ? { master, generation } : { master, previous, generation };
}
