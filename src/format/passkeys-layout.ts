/**
 * The byte layout of the passkey object (SPEC.md section 14): the vault id, one entry per registered passkey (its
 * credential id, name, date, salt and the master key wrapped under its PRF output), and a list tag under the master
 * key. Parsing and encoding only: no key is derived here. Every field is checked before anything is derived, because
 * the object is the storage operator's word.
 */
import { ByteReader, concat, equalBytes, fromUtf8, u16, u32, u64, utf8 } from './bytes';
import {
  MAC_LENGTH,
  MAX_CREDENTIAL_ID_LENGTH,
  MAX_PASSKEY_NAME_BYTES,
  MAX_PASSKEYS,
  PASSKEY_SALT_LENGTH,
  PASSKEYS_MAGIC,
  PASSKEYS_VERSION,
  VAULT_ID_LENGTH,
  WRAPPED_KEY_LENGTH,
} from './constants';
import { FormatError } from './errors';

/** One registered passkey as stored. */
export interface PasskeyEntry {
  /** The WebAuthn credential id (the authenticator's, 1 to 1023 bytes). */
  credentialId: Uint8Array;
  /** What its owner called it, 1 to 64 UTF-8 bytes, no control characters. */
  name: string;
  /** When it was registered, milliseconds since 1970-01-01T00:00:00Z. */
  created: number;
  /** The PRF input, and the HKDF salt of its key-encryption key. */
  salt: Uint8Array;
  /** The master key sealed under its key-encryption key. */
  wrapped: Uint8Array;
}

/** A passkey object whose structure was checked; nothing in it is authenticated yet. */
export interface ParsedPasskeys {
  vaultId: Uint8Array;
  entries: PasskeyEntry[];
  /** The bytes the list tag covers (every byte before it) and the tag. */
  tagged: { input: Uint8Array; tag: Uint8Array };
}

// C0 controls, DEL and C1 controls: a name is shown to people, where these hide or reorder text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Why `name` cannot be a passkey's name, or null. */
export function passkeyNameProblem(name: string): string | null {
  const length = utf8(name).length;
  if (length === 0) return 'a passkey needs a name';
  if (length > MAX_PASSKEY_NAME_BYTES) return `a passkey name is at most ${MAX_PASSKEY_NAME_BYTES} bytes`;
  if (CONTROL.test(name)) return 'a passkey name has no control characters';
  return null;
}

/** The associated data of an entry's wrapped key: it binds the key to this format, this vault and this credential. */
export function entryAad(vaultId: Uint8Array, credentialId: Uint8Array): Uint8Array<ArrayBuffer> {
  return concat(PASSKEYS_MAGIC, u32(PASSKEYS_VERSION), vaultId, u16(credentialId.length), credentialId);
}

function readEntry(r: ByteReader): PasskeyEntry {
  const idLength = r.u16('credential id length');
  if (idLength === 0 || idLength > MAX_CREDENTIAL_ID_LENGTH) throw new FormatError('malformed-settings', `credential id of ${idLength} bytes`);
  const credentialId = r.take(idLength, 'credential id');
  const nameBytes = r.take(r.u8('name length'), 'passkey name');
  const name = fromUtf8(nameBytes);
  const problem = name === undefined ? 'a passkey name is not UTF-8' : passkeyNameProblem(name);
  if (problem !== null || name === undefined) throw new FormatError('malformed-settings', problem ?? 'bad passkey name');
  const created = r.u64('registration date');
  const salt = r.take(PASSKEY_SALT_LENGTH, 'passkey salt');
  const wrapped = r.take(WRAPPED_KEY_LENGTH, 'wrapped master key');
  return { credentialId, name, created, salt, wrapped };
}

/** Checks a passkey object's structure (section 14): magic, version, count, every entry, exact length. */
export function parsePasskeys(object: Uint8Array): ParsedPasskeys {
  const r = new ByteReader(object, 'malformed-settings');
  if (!equalBytes(r.take(Math.min(8, object.length), 'magic'), PASSKEYS_MAGIC)) throw new FormatError('not-coffer', 'not a Coffer passkey object');
  const version = r.u32('version');
  if (version !== PASSKEYS_VERSION) throw new FormatError('unsupported-version', `passkey object version ${version}`);
  const vaultId = r.take(VAULT_ID_LENGTH, 'vault id');
  const count = r.u8('passkey count');
  if (count === 0) throw new FormatError('malformed-settings', 'a passkey object without passkeys');
  if (count > MAX_PASSKEYS) throw new FormatError('limits-exceeded', `${count} passkeys (at most ${MAX_PASSKEYS})`);
  const entries: PasskeyEntry[] = [];
  for (let i = 0; i < count; i++) {
    const entry = readEntry(r);
    if (entries.some((e) => equalBytes(e.credentialId, entry.credentialId))) throw new FormatError('malformed-settings', 'a credential id listed twice');
    if (entries.some((e) => equalBytes(e.salt, entry.salt))) throw new FormatError('malformed-settings', 'a salt listed twice');
    entries.push(entry);
  }
  const input = object.subarray(0, r.offset);
  const tag = r.take(MAC_LENGTH, 'list tag');
  r.end('list tag');
  return { vaultId, entries, tagged: { input, tag } };
}

/** Every byte of a passkey object before its list tag. */
export function encodePasskeys(vaultId: Uint8Array, entries: readonly PasskeyEntry[]): Uint8Array<ArrayBuffer> {
  if (entries.length === 0 || entries.length > MAX_PASSKEYS) throw new RangeError(`format: a passkey object holds 1 to ${MAX_PASSKEYS} passkeys`);
  const parts = entries.flatMap((e) => {
    const name = utf8(e.name);
    return [u16(e.credentialId.length), e.credentialId, new Uint8Array([name.length]), name, u64(e.created), e.salt, e.wrapped];
  });
  return concat(PASSKEYS_MAGIC, u32(PASSKEYS_VERSION), vaultId, new Uint8Array([entries.length]), ...parts);
}
