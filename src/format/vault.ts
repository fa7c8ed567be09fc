/**
 * The vault settings object: passphrase -> Argon2id -> key-encryption key, which wraps a random 256-bit vault master
 * key. Changing the passphrase rewrites only this object; files hold the master key's vault stanzas and never change.
 */
import { ARGON2_PARAMS_LENGTH, argon2Key, checkArgon2, encodeArgon2, readArgon2 } from './argon2';
import { buf, ByteReader, concat, equalBytes, toHex, u32 } from './bytes';
import {
  ARGON2_SALT_LENGTH,
  DEFAULT_ARGON2,
  KEY_LENGTH,
  LABEL_VAULT_SUBKEY,
  SETTINGS_MAGIC,
  SETTINGS_VERSION,
  VAULT_ID_LENGTH,
  WRAPPED_KEY_LENGTH,
  ZERO_SALT_LENGTH,
} from './constants';
import { FormatError, WRONG_VAULT_PASSPHRASE } from './errors';
import { deriveAesKey, importAesKey, openOnce, sealOnce, systemRandom, ZERO_NONCE, type Random } from './keys';
import type { Argon2Params } from './types';

/** Settings object length: magic, version, vault id, Argon2id parameters and salt, wrapped master key. */
export const SETTINGS_LENGTH = 8 + 4 + VAULT_ID_LENGTH + ARGON2_PARAMS_LENGTH + ARGON2_SALT_LENGTH + WRAPPED_KEY_LENGTH;

interface ParsedSettings {
  vaultId: Uint8Array;
  argon2: Argon2Params;
  salt: Uint8Array;
  /** Everything before the wrapped key: the AES-GCM associated data, so every byte is authenticated. */
  aad: Uint8Array;
  wrapped: Uint8Array;
}

function parseSettings(settings: Uint8Array): ParsedSettings {
  const r = new ByteReader(settings, 'malformed-settings');
  if (!equalBytes(r.take(Math.min(8, settings.length), 'magic'), SETTINGS_MAGIC)) throw new FormatError('not-coffer', 'not Coffer vault settings');
  const version = r.u32('version');
  if (version !== SETTINGS_VERSION) throw new FormatError('unsupported-version', `vault settings version ${version}`);
  const vaultId = r.take(VAULT_ID_LENGTH, 'vault id');
  const argon2 = readArgon2(r, 'malformed-settings');
  const salt = r.take(ARGON2_SALT_LENGTH, 'salt');
  const aad = settings.subarray(0, r.offset);
  const wrapped = r.take(WRAPPED_KEY_LENGTH, 'wrapped master key');
  r.end('wrapped master key');
  return { vaultId, argon2, salt, aad, wrapped };
}

async function seal(vaultId: Uint8Array, passphrase: string, argon2: Argon2Params, masterKey: Uint8Array, random: Random): Promise<Uint8Array<ArrayBuffer>> {
  if (passphrase === '') throw new RangeError('format: the passphrase is empty');
  checkArgon2(argon2, 'limits-exceeded');
  const salt = random(ARGON2_SALT_LENGTH);
  const aad = concat(SETTINGS_MAGIC, u32(SETTINGS_VERSION), vaultId, encodeArgon2(argon2), salt);
  const kek = await importAesKey(await argon2Key(passphrase, salt, argon2));
  return concat(aad, await sealOnce(kek, masterKey, aad));
}

/** The master key as a non-extractable HKDF key. Why HKDF: it only derives per-file wrap keys, never encrypts twice. */
function importMasterKey(raw: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', buf(raw), 'HKDF', false, ['deriveKey', 'deriveBits']);
}

/** Creates a vault: a random master key wrapped under the passphrase. */
export async function createVault(
  passphrase: string,
  opts?: { argon2?: Argon2Params },
  random: Random = systemRandom,
): Promise<{ settings: Uint8Array<ArrayBuffer>; masterKey: CryptoKey }> {
  const raw = random(KEY_LENGTH);
  try {
    const settings = await seal(random(VAULT_ID_LENGTH), passphrase, opts?.argon2 ?? DEFAULT_ARGON2, raw, random);
    return { settings, masterKey: await importMasterKey(raw) };
  } finally {
    raw.fill(0);
  }
}

async function openRaw(settings: Uint8Array, passphrase: string): Promise<Uint8Array> {
  const parsed = parseSettings(settings);
  const kek = await importAesKey(await argon2Key(passphrase, parsed.salt, parsed.argon2));
  const raw = await openOnce(kek, parsed.wrapped, parsed.aad);
  if (raw === undefined) throw new FormatError('wrong-key', WRONG_VAULT_PASSPHRASE);
  return raw;
}

/** Unlocks a vault. The master key is unwrapped inside WebCrypto and never visible to script. */
export async function unlockVault(settings: Uint8Array, passphrase: string): Promise<CryptoKey> {
  const parsed = parseSettings(settings);
  const kek = await importAesKey(await argon2Key(passphrase, parsed.salt, parsed.argon2), ['unwrapKey']);
  const params = { name: 'AES-GCM', iv: ZERO_NONCE, additionalData: buf(parsed.aad) };
  try {
    return await crypto.subtle.unwrapKey('raw', buf(parsed.wrapped), kek, params, 'HKDF', false, ['deriveKey', 'deriveBits']);
  } catch {
    throw new FormatError('wrong-key', WRONG_VAULT_PASSPHRASE);
  }
}

/** Re-wraps the same master key (same vault id) under a new passphrase and a fresh salt. */
export async function changeVaultPassphrase(
  settings: Uint8Array,
  oldPassphrase: string,
  newPassphrase: string,
  opts?: { argon2?: Argon2Params },
  random: Random = systemRandom,
): Promise<Uint8Array<ArrayBuffer>> {
  const raw = await openRaw(settings, oldPassphrase);
  try {
    return await seal(parseSettings(settings).vaultId, newPassphrase, opts?.argon2 ?? DEFAULT_ARGON2, raw, random);
  } finally {
    raw.fill(0);
  }
}

/** Public facts of a settings object (no passphrase needed): vault id (hex) and Argon2id cost. */
export function inspectVault(settings: Uint8Array): { vaultId: string; argon2: Argon2Params } {
  const { vaultId, argon2 } = parseSettings(settings);
  return { vaultId: toHex(vaultId), argon2 };
}

/** The raw master key (for the test-vector runner only: a second implementation must derive these bytes). */
export const openSettingsRaw = openRaw;

/** A non-extractable AES-256-GCM key for one application purpose, from the master key (HKDF, label per purpose). */
export function vaultSubkey(masterKey: CryptoKey, purpose: string): Promise<CryptoKey> {
  if (purpose === '') throw new RangeError('format: a subkey purpose is needed');
  return deriveAesKey(masterKey, new Uint8Array(ZERO_SALT_LENGTH), LABEL_VAULT_SUBKEY + purpose);
}
