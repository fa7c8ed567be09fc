/**
 * The byte layout of the vault settings object (SPEC.md section 6): version 1 (read only) and version 2, with an
 * authenticated generation, a key tag any holder of the master key can check, and, while a key rotation is
 * unfinished, the previous master key sealed under the current one. Parsing only: no key is derived here.
 */
import { ARGON2_PARAMS_LENGTH, readArgon2 } from './argon2';
import { ByteReader, equalBytes } from './bytes';
import {
  ARGON2_SALT_LENGTH,
  KEY_LENGTH,
  MAC_LENGTH,
  NONCE_LENGTH,
  SETTINGS_MAGIC,
  SETTINGS_VERSION,
  SETTINGS_VERSION_1,
  TAG_LENGTH,
  VAULT_ID_LENGTH,
  WRAPPED_KEY_LENGTH,
} from './constants';
import { FormatError } from './errors';
import type { Argon2Params } from './types';

/** Version 1: magic, version, vault id, Argon2id parameters and salt, wrapped master key. */
export const SETTINGS_V1_LENGTH = 8 + 4 + VAULT_ID_LENGTH + ARGON2_PARAMS_LENGTH + ARGON2_SALT_LENGTH + WRAPPED_KEY_LENGTH;
/** Version 2 without a previous key: version 1's fields, a u64 generation after the vault id, the key tag last. */
export const SETTINGS_V2_LENGTH = SETTINGS_V1_LENGTH + 8 + MAC_LENGTH;
/** The previous master key of an unfinished rotation: nonce and sealed key. */
export const PREVIOUS_KEY_LENGTH = NONCE_LENGTH + KEY_LENGTH + TAG_LENGTH;
/** Version 2 while a key rotation is unfinished. */
export const SETTINGS_V2_ROTATING_LENGTH = SETTINGS_V2_LENGTH + PREVIOUS_KEY_LENGTH;
/** The largest generation a writer may store: the largest integer JavaScript holds exactly. */
export const MAX_GENERATION = Number.MAX_SAFE_INTEGER;

/** A settings object whose structure was checked; nothing in it is authenticated yet. */
export interface ParsedSettings {
  version: typeof SETTINGS_VERSION_1 | typeof SETTINGS_VERSION;
  vaultId: Uint8Array;
  /** 0 for version 1. */
  generation: number;
  argon2: Argon2Params;
  salt: Uint8Array;
  /** The associated data of the wrapped master key: every byte before it. */
  aad: Uint8Array;
  wrapped: Uint8Array;
  /** Version 2: the bytes the key tag covers (every byte before it) and the tag. */
  tagged?: { input: Uint8Array; tag: Uint8Array };
  /** Version 2 during a rotation: the previous master key, sealed with `core` (every byte before it) as AAD. */
  previous?: { core: Uint8Array; nonce: Uint8Array; sealed: Uint8Array };
}

/** Checks a settings object's structure (section 6): magic, version, exact length, Argon2id parameters. */
export function parseSettings(settings: Uint8Array): ParsedSettings {
  const r = new ByteReader(settings, 'malformed-settings');
  if (!equalBytes(r.take(Math.min(8, settings.length), 'magic'), SETTINGS_MAGIC)) throw new FormatError('not-coffer', 'not Coffer vault settings');
  const version = r.u32('version');
  if (version !== SETTINGS_VERSION_1 && version !== SETTINGS_VERSION) throw new FormatError('unsupported-version', `vault settings version ${version}`);
  const vaultId = r.take(VAULT_ID_LENGTH, 'vault id');
  const generation = version === SETTINGS_VERSION_1 ? 0 : r.u64('generation');
  const argon2 = readArgon2(r, 'malformed-settings');
  const salt = r.take(ARGON2_SALT_LENGTH, 'salt');
  const aad = settings.subarray(0, r.offset);
  const wrapped = r.take(WRAPPED_KEY_LENGTH, 'wrapped master key');
  if (version === SETTINGS_VERSION_1) {
    r.end('wrapped master key');
    return { version, vaultId, generation, argon2, salt, aad, wrapped };
  }
  const input = settings.subarray(0, r.offset);
  const tag = r.take(MAC_LENGTH, 'key tag');
  const parsed: ParsedSettings = { version, vaultId, generation, argon2, salt, aad, wrapped, tagged: { input, tag } };
  if (r.remaining === 0) return parsed;
  const core = settings.subarray(0, r.offset);
  const nonce = r.take(NONCE_LENGTH, 'previous key nonce');
  const sealed = r.take(KEY_LENGTH + TAG_LENGTH, 'previous master key');
  r.end('previous master key');
  return { ...parsed, previous: { core, nonce, sealed } };
}
