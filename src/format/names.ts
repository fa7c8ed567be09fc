/**
 * Sealed object names: a file's metadata sealed into the S3 object key under a vault subkey, so that a vault lists
 * with decrypted names from one object listing (no request per file), and a rename is a server-side copy. The header
 * inside the object stays the authority for recovery; see SPEC.md section 11.
 */
import { buf, concat, fromBase64url, toBase64url, toHex, utf8 } from './bytes';
import { NONCE_LENGTH, TAG_LENGTH } from './constants';
import { FormatError } from './errors';
import { systemRandom, type Random } from './keys';
import { decodeMetadata, encodeMetadata } from './metadata';
import type { FileMetadata } from './types';
import { vaultSubkey } from './vault';

/** Version prefix of a sealed name token. */
export const SEALED_NAME_VERSION = 'n1';
/** The vault subkey purpose for sealed names. */
export const SEALED_NAME_PURPOSE = 'object-names';
/** AAD of every sealed name: binds the token to its use. */
export const LABEL_SEALED_NAME = 'coffer/v1 sealed-name';
/** Longest token (characters) sealName makes, so that keys stay within S3's and the endpoint's limits. */
export const MAX_SEALED_NAME_LENGTH = 440;

const AAD = utf8(LABEL_SEALED_NAME);
const PREFIX = `${SEALED_NAME_VERSION}.`;

/**
 * Seals metadata into a token `n1.<base64url(nonce || AES-256-GCM ciphertext)>`, or undefined when the token would be
 * longer than MAX_SEALED_NAME_LENGTH (very long paths: the name then lives only in the header).
 * Why a random nonce: names repeat across files and renames; a fresh 96-bit nonce per token keeps GCM safe.
 */
export async function sealName(masterKey: CryptoKey, metadata: FileMetadata, random: Random = systemRandom): Promise<string | undefined> {
  const plaintext = encodeMetadata(metadata);
  const length = PREFIX.length + Math.ceil(((NONCE_LENGTH + plaintext.length + TAG_LENGTH) * 4) / 3);
  if (length > MAX_SEALED_NAME_LENGTH) return undefined;
  return sealToken(await vaultSubkey(masterKey, SEALED_NAME_PURPOSE), PREFIX, AAD, plaintext, random);
}

/** `prefix` || base64url(nonce || AES-256-GCM(key, nonce, plaintext, aad)), with a fresh random nonce. */
export async function sealToken(key: CryptoKey, prefix: string, aad: Uint8Array, plaintext: Uint8Array, random: Random): Promise<string> {
  const nonce = random(NONCE_LENGTH);
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: buf(nonce), additionalData: buf(aad) }, key, buf(plaintext));
  return prefix + toBase64url(concat(nonce, new Uint8Array(sealed)));
}

/** Opens a token made by sealName. A changed token, or one sealed by another vault, fails with 'wrong-key'. */
export async function openName(masterKey: CryptoKey, token: string): Promise<FileMetadata> {
  return openWithSubkey(await vaultSubkey(masterKey, SEALED_NAME_PURPOSE), token);
}

/**
 * Opens many tokens with one derivation of the names subkey (a vault of 10,000 files lists in one call); each
 * result is the metadata, or null for a token that does not open (its reader then falls back to the header).
 */
export async function openNames(masterKey: CryptoKey, tokens: readonly string[]): Promise<(FileMetadata | null)[]> {
  const key = await vaultSubkey(masterKey, SEALED_NAME_PURPOSE);
  return Promise.all(tokens.map((token) => openWithSubkey(key, token).catch(() => null)));
}

function openWithSubkey(key: CryptoKey, token: string): Promise<FileMetadata> {
  return openToken(key, PREFIX, AAD, MAX_SEALED_NAME_LENGTH, token, 'the name does not open with this vault key, or it was changed');
}

/**
 * Opens a `sealToken` token of at most `maxLength` characters into metadata: 'unsupported-version' without `prefix`,
 * 'malformed-header' for bytes that cannot be one, 'wrong-key' (with `wrongKey` as its message) when it does not
 * authenticate, and the metadata decoder's errors for what it holds.
 */
export async function openToken(key: CryptoKey, prefix: string, aad: Uint8Array, maxLength: number, token: string, wrongKey: string): Promise<FileMetadata> {
  if (!token.startsWith(prefix)) throw new FormatError('unsupported-version', `sealed name without the ${prefix} prefix`);
  const bytes = token.length <= maxLength ? fromBase64url(token.slice(prefix.length)) : undefined;
  if (!bytes || bytes.length < NONCE_LENGTH + TAG_LENGTH) throw new FormatError('malformed-header', 'malformed sealed name');
  let plaintext: ArrayBuffer;
  try {
    plaintext = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.subarray(0, NONCE_LENGTH), additionalData: buf(aad) }, key, bytes.subarray(NONCE_LENGTH));
  } catch {
    throw new FormatError('wrong-key', wrongKey);
  }
  return decodeMetadata(new Uint8Array(plaintext));
}

/** Where the app keeps a vault's file objects, relative to the user's space (section 11). */
export const FILE_KEY_PREFIX = 'files/';
/**
 * Longest `/`-separated segment of a file object key a writer makes (section 11): S3s that keep objects as files
 * (MinIO, s3rver) take a segment as one file name, at most 255 bytes with their own suffixes.
 */
export const FILE_KEY_SEGMENT_LENGTH = 200;

/** A fresh random id for a file object: 16 random bytes in lower-case hex (section 11). */
export function newFileId(random: Random = systemRandom): string {
  return toHex(random(16));
}

/**
 * A file object's key: `files/` and `<id>.<token>` (or `<id>` without a token), cut into segments of at most
 * FILE_KEY_SEGMENT_LENGTH characters joined by `/`. Neither ids (hex) nor tokens (base64url) contain `/`.
 */
export function fileObjectKey(id: string, token?: string): string {
  const name = token === undefined ? id : `${id}.${token}`;
  const segments: string[] = [];
  for (let at = 0; at < name.length; at += FILE_KEY_SEGMENT_LENGTH) segments.push(name.slice(at, at + FILE_KEY_SEGMENT_LENGTH));
  return FILE_KEY_PREFIX + segments.join('/');
}

/** The id and sealed-name token of a file object key, its segments joined again (keys of one segment read the same). */
export function fileObjectParts(key: string): { id: string; token?: string } {
  const name = (key.startsWith(FILE_KEY_PREFIX) ? key.slice(FILE_KEY_PREFIX.length) : key).replaceAll('/', '');
  const dot = name.indexOf('.');
  return dot < 0 ? { id: name } : { id: name.slice(0, dot), token: name.slice(dot + 1) };
}
