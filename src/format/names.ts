/**
 * Sealed object names: a file's metadata sealed into the S3 object key under a vault subkey, so that a vault lists
 * with decrypted names from one object listing (no request per file), and a rename is a server-side copy. An `n2`
 * token is bound to its object: its file id is in the AAD, and the start of its header's MAC is sealed with the
 * metadata. The header inside the object stays the authority for recovery; see SPEC.md section 11.
 */
import { buf, concat, fromBase64url, toBase64url, toHex, utf8 } from './bytes';
import { MAC_LENGTH, NONCE_LENGTH, TAG_LENGTH } from './constants';
import { FormatError, type FormatErrorCode } from './errors';
import { headerLength } from './header';
import { systemRandom, type Random } from './keys';
import { decodeMetadata, encodeMetadata } from './metadata';
import type { FileMetadata } from './types';
import { vaultSubkey } from './vault';

/** Version prefix of the sealed name tokens writers make: bound to the object's id and header. */
export const SEALED_NAME_VERSION = 'n2';
/** Version prefix of the first tokens: still read (they carry no binding), never written. */
export const UNBOUND_NAME_VERSION = 'n1';
/** The vault subkey purpose for sealed names (both versions). */
export const SEALED_NAME_PURPOSE = 'object-names';
/** AAD of every n1 token. */
export const LABEL_SEALED_NAME = 'coffer/v1 sealed-name';
/** AAD of an n2 token: this label, then the file id. Why the id: a token moved onto another object no longer opens. */
export const LABEL_BOUND_NAME = 'coffer/v1 bound-name ';
/**
 * Bytes of the header's MAC an n2 token seals (its first ones). Why 16: the vault's own browser writes the header, so
 * a storage operator needs a second preimage of HMAC-SHA-256 to match them (2^128 work), not a collision.
 */
export const HEADER_COMMITMENT_LENGTH = 16;
/** Longest token (characters) sealName makes and openName reads, so that keys stay within S3's and the endpoint's limits. */
export const MAX_SEALED_NAME_LENGTH = 440;

const N1 = `${UNBOUND_NAME_VERSION}.`;
const N2 = `${SEALED_NAME_VERSION}.`;
const N1_AAD = utf8(LABEL_SEALED_NAME);
const boundAad = (id: string): Uint8Array => utf8(LABEL_BOUND_NAME + id);

/** What a sealed name token holds. */
export interface SealedName {
  metadata: FileMetadata;
  /** n2 only: the HEADER_COMMITMENT_LENGTH first bytes of the MAC of the header the token was sealed for. */
  headerCommitment?: Uint8Array;
}

/** A file object's id and the token its key carries, as fileObjectParts gives them. */
export interface NamedObject {
  id: string;
  token: string;
}

/**
 * The first HEADER_COMMITMENT_LENGTH bytes of a header's MAC (`header`: at least the whole header, its length read
 * from its prefix). What an n2 token commits to: the MAC covers every other header byte under a key only the file
 * key gives, so it names exactly one header.
 */
export function headerCommitment(header: Uint8Array): Uint8Array {
  const length = headerLength(header);
  if (header.length < length) throw new FormatError('truncated', 'the header is incomplete');
  return header.slice(length - MAC_LENGTH, length - MAC_LENGTH + HEADER_COMMITMENT_LENGTH);
}

/**
 * Seals metadata into an n2 token for the object with file id `id` whose header is `header`:
 * `n2.<base64url(nonce || AES-256-GCM(commitment || metadata, AAD = label || id))>`, or undefined when the token would
 * be longer than MAX_SEALED_NAME_LENGTH (very long paths: the name then lives only in the header).
 * Why a random nonce: names repeat across files and renames; a fresh 96-bit nonce per token keeps GCM safe.
 */
export async function sealName(
  masterKey: CryptoKey,
  id: string,
  header: Uint8Array,
  metadata: FileMetadata,
  random: Random = systemRandom,
): Promise<string | undefined> {
  const plaintext = concat(headerCommitment(header), encodeMetadata(metadata));
  const length = N2.length + Math.ceil(((NONCE_LENGTH + plaintext.length + TAG_LENGTH) * 4) / 3);
  if (length > MAX_SEALED_NAME_LENGTH) return undefined;
  return sealToken(await vaultSubkey(masterKey, SEALED_NAME_PURPOSE), N2, boundAad(id), plaintext, random);
}

/** `prefix` || base64url(nonce || AES-256-GCM(key, nonce, plaintext, aad)), with a fresh random nonce. */
export async function sealToken(key: CryptoKey, prefix: string, aad: Uint8Array, plaintext: Uint8Array, random: Random): Promise<string> {
  const nonce = random(NONCE_LENGTH);
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: buf(nonce), additionalData: buf(aad) }, key, buf(plaintext));
  return prefix + toBase64url(concat(nonce, new Uint8Array(sealed)));
}

/**
 * Opens the token of the object with file id `id`: an n2 token sealed for this id, or an n1 token (any id). A changed
 * token, one sealed by another vault, and an n2 token moved from another object all fail with 'wrong-key'.
 */
export async function openName(masterKey: CryptoKey, id: string, token: string): Promise<SealedName> {
  return openWithSubkey(await vaultSubkey(masterKey, SEALED_NAME_PURPOSE), id, token);
}

/**
 * Opens many tokens with one derivation of the names subkey (a vault of 10,000 files lists in one call); each
 * result is what the token holds, or the FormatError code of a token that does not open.
 */
export async function openNames(masterKey: CryptoKey, objects: readonly NamedObject[]): Promise<(SealedName | FormatErrorCode)[]> {
  const key = await vaultSubkey(masterKey, SEALED_NAME_PURPOSE);
  return Promise.all(
    objects.map(({ id, token }) =>
      openWithSubkey(key, id, token).catch((error: unknown) => {
        if (error instanceof FormatError) return error.code;
        throw error;
      }),
    ),
  );
}

const WRONG_NAME_KEY = 'the name does not open with this vault key for this file, or it was changed';

async function openWithSubkey(key: CryptoKey, id: string, token: string): Promise<SealedName> {
  if (token.startsWith(N1)) return { metadata: decodeMetadata(await openSealed(key, N1, N1_AAD, MAX_SEALED_NAME_LENGTH, token, WRONG_NAME_KEY)) };
  if (!token.startsWith(N2)) throw new FormatError('unsupported-version', `sealed name without the ${N2} or ${N1} prefix`);
  const plaintext = await openSealed(key, N2, boundAad(id), MAX_SEALED_NAME_LENGTH, token, WRONG_NAME_KEY);
  if (plaintext.length < HEADER_COMMITMENT_LENGTH) throw new FormatError('malformed-header', 'sealed name without its header commitment');
  return { metadata: decodeMetadata(plaintext.subarray(HEADER_COMMITMENT_LENGTH)), headerCommitment: plaintext.slice(0, HEADER_COMMITMENT_LENGTH) };
}

/**
 * Opens a `sealToken` token of at most `maxLength` characters into metadata: 'unsupported-version' without `prefix`,
 * 'malformed-header' for bytes that cannot be one, 'wrong-key' (with `wrongKey` as its message) when it does not
 * authenticate, and the metadata decoder's errors for what it holds.
 */
export async function openToken(key: CryptoKey, prefix: string, aad: Uint8Array, maxLength: number, token: string, wrongKey: string): Promise<FileMetadata> {
  return decodeMetadata(await openSealed(key, prefix, aad, maxLength, token, wrongKey));
}

/** The plaintext of a `sealToken` token; the errors of openToken but the decoder's. */
async function openSealed(key: CryptoKey, prefix: string, aad: Uint8Array, maxLength: number, token: string, wrongKey: string): Promise<Uint8Array> {
  if (!token.startsWith(prefix)) throw new FormatError('unsupported-version', `sealed name without the ${prefix} prefix`);
  const bytes = token.length <= maxLength ? fromBase64url(token.slice(prefix.length)) : undefined;
  if (!bytes || bytes.length < NONCE_LENGTH + TAG_LENGTH) throw new FormatError('malformed-header', 'malformed sealed name');
  try {
    const iv = bytes.subarray(0, NONCE_LENGTH);
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: buf(aad) }, key, bytes.subarray(NONCE_LENGTH)));
  } catch {
    throw new FormatError('wrong-key', wrongKey);
  }
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
