/**
 * The vault settings object (SPEC.md section 6): passphrase -> Argon2id -> key-encryption key, which wraps a random
 * 256-bit vault master key. Changing the passphrase rewrites only this object; files hold the master key's vault
 * stanzas and never change. Rotating the vault key writes a new master key here, with the previous one sealed under
 * it until every file is re-wrapped (section 6.2). Every write takes the next generation, so a reader that remembers
 * the newest one it saw can tell an older copy restored in its place.
 */
import { argon2Key, checkArgon2, encodeArgon2 } from './argon2';
import { buf, concat, toHex, u32, u64 } from './bytes';
import {
  ARGON2_SALT_LENGTH,
  DEFAULT_ARGON2,
  KEY_LENGTH,
  LABEL_SETTINGS_TAG,
  LABEL_VAULT_SUBKEY,
  NONCE_LENGTH,
  SETTINGS_MAGIC,
  SETTINGS_VERSION,
  VAULT_ID_LENGTH,
  ZERO_SALT_LENGTH,
} from './constants';
import { FormatError, WRONG_VAULT_PASSPHRASE } from './errors';
import { deriveAesKey, importAesKey, openOnce, sealOnce, systemRandom, ZERO_NONCE, type Random } from './keys';
import { MAX_GENERATION, parseSettings, type ParsedSettings } from './settings';
import type { Argon2Params } from './types';

export { SETTINGS_V1_LENGTH, SETTINGS_V2_LENGTH, SETTINGS_V2_ROTATING_LENGTH } from './settings';

/** The vault subkey purpose that seals the previous master key during a rotation. */
export const PREVIOUS_KEY_PURPOSE = 'previous-master-key';

/** A settings object opened with its passphrase: the keys (non-extractable) and the public facts. */
export interface OpenedVault {
  /** The vault id, lower-case hex. */
  vaultId: string;
  /** The settings' generation: 0 for version 1, else the number of writes since the vault was made, plus one. */
  generation: number;
  masterKey: CryptoKey;
  /** While a key rotation is unfinished: the master key before it, which files not yet re-wrapped still need. */
  previousMasterKey?: CryptoKey;
}

/** A non-extractable HKDF key over raw master key bytes. Why HKDF: it only derives wrap keys, never encrypts twice. */
export function importMasterKey(raw: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', buf(raw), 'HKDF', false, ['deriveKey', 'deriveBits']);
}

function tagKey(masterKey: CryptoKey): Promise<CryptoKey> {
  const params = { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(ZERO_SALT_LENGTH), info: new TextEncoder().encode(LABEL_SETTINGS_TAG) };
  return crypto.subtle.deriveKey(params, masterKey, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign', 'verify']);
}

function wrongKey(): FormatError {
  return new FormatError('wrong-key', { message: WRONG_VAULT_PASSPHRASE });
}

/** Throws 'wrong-key' unless a version 2 object's key tag verifies under `masterKey` (version 1 has none). */
async function checkTag(parsed: ParsedSettings, masterKey: CryptoKey): Promise<void> {
  if (!parsed.tagged) return;
  if (!(await crypto.subtle.verify('HMAC', await tagKey(masterKey), buf(parsed.tagged.tag), buf(parsed.tagged.input)))) throw wrongKey();
}

/** The raw previous master key of an unfinished rotation, if the object carries one; 'wrong-key' if it does not open. */
async function openPreviousRaw(parsed: ParsedSettings, masterKey: CryptoKey): Promise<Uint8Array | undefined> {
  if (!parsed.previous) return undefined;
  const { core, nonce, sealed } = parsed.previous;
  const key = await vaultSubkey(masterKey, PREVIOUS_KEY_PURPOSE);
  try {
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: buf(nonce), additionalData: buf(core) }, key, buf(sealed)));
  } catch {
    throw wrongKey();
  }
}

async function openPrevious(parsed: ParsedSettings, masterKey: CryptoKey): Promise<CryptoKey | undefined> {
  const raw = await openPreviousRaw(parsed, masterKey);
  if (raw === undefined) return undefined;
  try {
    return await importMasterKey(raw);
  } finally {
    raw.fill(0);
  }
}

/**
 * A version 2 object. The master key is sealed under the Argon2id key with every byte before it as AAD; the key tag
 * (HMAC under a key derived from the master key) covers everything before it; the previous key, if any, is sealed
 * under a vault subkey with a random nonce (the subkey is fixed per master key) and every byte before it as AAD.
 */
async function seal(
  fields: { vaultId: Uint8Array; generation: number; passphrase: string; argon2: Argon2Params },
  master: Uint8Array,
  previous: Uint8Array | undefined,
  random: Random,
): Promise<Uint8Array<ArrayBuffer>> {
  if (fields.passphrase === '') throw new RangeError('format: the passphrase is empty');
  if (!Number.isSafeInteger(fields.generation) || fields.generation < 1 || fields.generation > MAX_GENERATION) {
    throw new RangeError('format: the settings generation is out of range');
  }
  checkArgon2(fields.argon2, 'limits-exceeded');
  const salt = random(ARGON2_SALT_LENGTH);
  const aad = concat(SETTINGS_MAGIC, u32(SETTINGS_VERSION), fields.vaultId, u64(fields.generation), encodeArgon2(fields.argon2), salt);
  const kek = await importAesKey(await argon2Key(fields.passphrase, salt, fields.argon2));
  const masterKey = await importMasterKey(master);
  const tagged = concat(aad, await sealOnce(kek, master, aad));
  const core = concat(tagged, new Uint8Array(await crypto.subtle.sign('HMAC', await tagKey(masterKey), tagged)));
  if (previous === undefined) return core;
  const nonce = random(NONCE_LENGTH);
  const key = await vaultSubkey(masterKey, PREVIOUS_KEY_PURPOSE);
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: buf(nonce), additionalData: core }, key, buf(previous));
  return concat(core, nonce, new Uint8Array(sealed));
}

/** The raw master key and previous key of an object opened with its passphrase; every byte checked. */
async function openRawKeys(settings: Uint8Array, passphrase: string): Promise<{ parsed: ParsedSettings; master: Uint8Array; previous?: Uint8Array }> {
  const parsed = parseSettings(settings);
  const kek = await importAesKey(await argon2Key(passphrase, parsed.salt, parsed.argon2));
  const master = await openOnce(kek, parsed.wrapped, parsed.aad);
  if (master === undefined) throw wrongKey();
  const masterKey = await importMasterKey(master);
  await checkTag(parsed, masterKey);
  const previous = await openPreviousRaw(parsed, masterKey);
  return previous === undefined ? { parsed, master } : { parsed, master, previous };
}

/** What a writer may add to the options of a write: the newest generation it remembers for this vault. */
export interface WriteOptions {
  argon2?: Argon2Params;
  /** The newest generation the writer saw for this vault: the new object's generation is above it too. */
  after?: number;
}

/** One more than the object's generation and `after`, so a write over a restored older copy never looks older. */
function nextGeneration(parsed: ParsedSettings, after = 0): number {
  const newest = Math.max(parsed.generation, after);
  if (!Number.isSafeInteger(newest) || newest >= MAX_GENERATION) throw new RangeError('format: the settings generation cannot grow further');
  return newest + 1;
}

/** Creates a vault: a random master key wrapped under the passphrase, generation 1. */
export async function createVault(
  passphrase: string,
  opts?: { argon2?: Argon2Params },
  random: Random = systemRandom,
): Promise<{ settings: Uint8Array<ArrayBuffer>; masterKey: CryptoKey }> {
  const raw = random(KEY_LENGTH);
  try {
    const fields = { vaultId: random(VAULT_ID_LENGTH), generation: 1, passphrase, argon2: opts?.argon2 ?? DEFAULT_ARGON2 };
    return { settings: await seal(fields, raw, undefined, random), masterKey: await importMasterKey(raw) };
  } finally {
    raw.fill(0);
  }
}

/**
 * Opens a settings object with its passphrase. The master key is unwrapped inside WebCrypto and never visible to
 * script. A wrong passphrase and any changed byte both fail with 'wrong-key' ("wrong passphrase, or the vault
 * settings were changed").
 */
export async function openVault(settings: Uint8Array, passphrase: string): Promise<OpenedVault> {
  const parsed = parseSettings(settings);
  const kek = await importAesKey(await argon2Key(passphrase, parsed.salt, parsed.argon2), ['unwrapKey']);
  const params = { name: 'AES-GCM', iv: ZERO_NONCE, additionalData: buf(parsed.aad) };
  let masterKey: CryptoKey;
  try {
    masterKey = await crypto.subtle.unwrapKey('raw', buf(parsed.wrapped), kek, params, 'HKDF', false, ['deriveKey', 'deriveBits']);
  } catch {
    throw wrongKey();
  }
  await checkTag(parsed, masterKey);
  const previousMasterKey = await openPrevious(parsed, masterKey);
  const opened = { vaultId: toHex(parsed.vaultId), generation: parsed.generation, masterKey };
  return previousMasterKey === undefined ? opened : { ...opened, previousMasterKey };
}

/** Unlocks a vault: its master key (see openVault, which also gives the generation and a rotation's previous key). */
export async function unlockVault(settings: Uint8Array, passphrase: string): Promise<CryptoKey> {
  return (await openVault(settings, passphrase)).masterKey;
}

/**
 * Re-wraps the same master key (same vault id) under a new passphrase and a fresh salt, at the next generation (above
 * `opts.after` too). An unfinished rotation's previous key is carried over, sealed again for the new object.
 */
export async function changeVaultPassphrase(
  settings: Uint8Array,
  oldPassphrase: string,
  newPassphrase: string,
  opts?: WriteOptions,
  random: Random = systemRandom,
): Promise<Uint8Array<ArrayBuffer>> {
  const { parsed, master, previous } = await openRawKeys(settings, oldPassphrase);
  try {
    const fields = { vaultId: parsed.vaultId, generation: nextGeneration(parsed, opts?.after), passphrase: newPassphrase, argon2: opts?.argon2 ?? DEFAULT_ARGON2 };
    return await seal(fields, master, previous, random);
  } finally {
    master.fill(0);
    previous?.fill(0);
  }
}

/**
 * Starts a key rotation (section 6.2): a new random master key under the same passphrase (fresh salt), the same vault
 * id, the next generation, and the current master key sealed under the new one as the previous key. Refuses while an
 * earlier rotation is unfinished (a vault holds one previous key at most).
 */
export async function rotateVaultKey(
  settings: Uint8Array,
  passphrase: string,
  opts?: WriteOptions,
  random: Random = systemRandom,
): Promise<{ settings: Uint8Array<ArrayBuffer>; masterKey: CryptoKey; previousMasterKey: CryptoKey }> {
  const { parsed, master, previous } = await openRawKeys(settings, passphrase);
  const next = random(KEY_LENGTH);
  try {
    if (previous !== undefined) throw new RangeError('format: a key rotation is unfinished: finish it before starting another');
    const fields = { vaultId: parsed.vaultId, generation: nextGeneration(parsed, opts?.after), passphrase, argon2: opts?.argon2 ?? DEFAULT_ARGON2 };
    const rotated = await seal(fields, next, master, random);
    return { settings: rotated, masterKey: await importMasterKey(next), previousMasterKey: await importMasterKey(master) };
  } finally {
    master.fill(0);
    previous?.fill(0);
    next.fill(0);
  }
}

/**
 * Finishes a key rotation once no file needs the previous key: the same object without it (no passphrase needed,
 * nothing else changes). Checks first that `masterKey` is the object's master key and that the previous key opens.
 */
export async function finishVaultKeyRotation(settings: Uint8Array, masterKey: CryptoKey): Promise<Uint8Array<ArrayBuffer>> {
  const parsed = parseSettings(settings);
  if (!parsed.previous) throw new RangeError('format: these vault settings have no unfinished key rotation');
  await checkTag(parsed, masterKey);
  (await openPreviousRaw(parsed, masterKey))?.fill(0);
  return parsed.previous.core.slice();
}

/** What a holder of the master key can authenticate in a version 2 settings object without the passphrase. */
export interface VaultState {
  vaultId: string;
  generation: number;
  previousMasterKey?: CryptoKey;
}

/**
 * The state of a version 2 settings object checked with the master key alone (its key tag and previous key): how a
 * browser holding the key tells whether the stored object is still its vault's current one, and how an unlock that
 * needs no passphrase (issue #17) learns the generation. 'wrong-key' when `masterKey` is not the object's master key;
 * null for version 1, which has no key tag.
 */
export async function vaultState(settings: Uint8Array, masterKey: CryptoKey): Promise<VaultState | null> {
  const parsed = parseSettings(settings);
  if (!parsed.tagged) return null;
  await checkTag(parsed, masterKey);
  const previousMasterKey = await openPrevious(parsed, masterKey);
  const state = { vaultId: toHex(parsed.vaultId), generation: parsed.generation };
  return previousMasterKey === undefined ? state : { ...state, previousMasterKey };
}

/** Public facts of a settings object (no passphrase needed; not authenticated): vault id (hex), cost, generation. */
export function inspectVault(settings: Uint8Array): { vaultId: string; argon2: Argon2Params; version: number; generation: number; rotating: boolean } {
  const { vaultId, argon2, version, generation, previous } = parseSettings(settings);
  return { vaultId: toHex(vaultId), argon2, version, generation, rotating: previous !== undefined };
}

/** The raw master key, every byte checked (for the test-vector runner only: a second implementation must derive these bytes). */
export async function openSettingsRaw(settings: Uint8Array, passphrase: string): Promise<Uint8Array> {
  return (await openRawKeys(settings, passphrase)).master;
}

/** The raw master key and previous key, every byte checked (for the test-vector runner only). */
export async function openSettingsRawKeys(settings: Uint8Array, passphrase: string): Promise<{ master: Uint8Array; previous?: Uint8Array }> {
  const { master, previous } = await openRawKeys(settings, passphrase);
  return previous === undefined ? { master } : { master, previous };
}

/** The raw previous key of an unfinished rotation, checked under `masterKey` (for the test-vector runner only). */
export async function previousKeyRaw(settings: Uint8Array, masterKey: CryptoKey): Promise<Uint8Array | undefined> {
  const parsed = parseSettings(settings);
  await checkTag(parsed, masterKey);
  return openPreviousRaw(parsed, masterKey);
}

/** A non-extractable AES-256-GCM key for one application purpose, from the master key (HKDF, label per purpose). */
export function vaultSubkey(masterKey: CryptoKey, purpose: string): Promise<CryptoKey> {
  if (purpose === '') throw new RangeError('format: a subkey purpose is needed');
  return deriveAesKey(masterKey, new Uint8Array(ZERO_SALT_LENGTH), LABEL_VAULT_SUBKEY + purpose);
}
