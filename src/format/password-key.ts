/**
 * A file key wrapped under a password outside any header, for password-protected share links (SPEC.md section 10).
 * The wrapping is exactly a passphrase stanza body (section 4.3): no new construction, the same caps on read.
 */
import { STANZA_PASSPHRASE } from './constants';
import { FormatError } from './errors';
import { systemRandom, type Random } from './keys';
import { parseStanza, unwrapFileKey, wrapFileKey } from './stanzas';
import type { Argon2Params } from './types';

/** Length of a password-wrapped key: Argon2id m, t, p (12) || salt (16) || sealed file key (48). */
export const PASSWORD_WRAPPED_KEY_LENGTH = 76;

/**
 * Wraps a 32-byte file key under a password: Argon2id (DEFAULT_ARGON2 unless given) of the NFC password with a fresh
 * salt, then AES-256-GCM. Why Argon2id: whoever holds the link can guess passwords offline; each guess costs ~0.5 s.
 */
export async function wrapKeyWithPassword(
  fileKey: Uint8Array,
  password: string,
  opts?: { argon2?: Argon2Params },
  random: Random = systemRandom,
): Promise<Uint8Array> {
  if (fileKey.length !== 32) throw new RangeError('format: a file key is 32 bytes');
  const recipient = { type: 'passphrase', passphrase: password, ...(opts?.argon2 ? { argon2: opts.argon2 } : {}) } as const;
  return (await wrapFileKey(recipient, fileKey, random)).body;
}

/**
 * The file key inside a password-wrapped key. Refuses costs above MAX_ARGON2 before deriving anything
 * (`limits-exceeded`), a body of the wrong shape (`malformed-header`), and a wrong password (`wrong-key`).
 */
export async function unwrapKeyWithPassword(wrapped: Uint8Array, password: string): Promise<Uint8Array> {
  if (wrapped.length !== PASSWORD_WRAPPED_KEY_LENGTH) {
    throw new FormatError('malformed-header', `a password-wrapped key is ${PASSWORD_WRAPPED_KEY_LENGTH} bytes`);
  }
  const stanza = parseStanza({ type: STANZA_PASSPHRASE, body: wrapped });
  const fileKey = await unwrapFileKey(stanza, { type: 'passphrase', passphrase: password });
  if (fileKey === undefined) throw new FormatError('wrong-key', 'wrong password');
  return fileKey;
}
