/**
 * A file's current name for a share link (SPEC section 10). The header keeps the name a file had when it was uploaded
 * (section 11), so a link carries the metadata the owner sees now, sealed under a key only the file key gives: the
 * recipient, who holds the file key, reads the current name; whoever sees the link of a password-protected share
 * without its password learns nothing from it.
 */
import { utf8 } from './bytes';
import { KEY_LENGTH, MAX_NAME_BYTES, MAX_TYPE_BYTES, NONCE_LENGTH, TAG_LENGTH } from './constants';
import { FormatError } from './errors';
import { deriveAesKey, hkdfBase, systemRandom, type Random } from './keys';
import { encodeMetadata } from './metadata';
import { openToken, sealToken } from './names';
import type { FileMetadata } from './types';

/** Version prefix of a share-name token (and the name of its part in a link's fragment). */
export const SHARE_NAME_VERSION = 'f1';
/** HKDF label of the share-name key, also the AAD of every share-name token. */
export const LABEL_SHARE_NAME = 'coffer/v1 share-name';

const PREFIX = `${SHARE_NAME_VERSION}.`;
const AAD = utf8(LABEL_SHARE_NAME);
/** The largest metadata (section 4.2): two 8-byte numbers, two 2-byte lengths, the longest name and type. */
const MAX_METADATA_BYTES = 8 + 8 + 2 + MAX_NAME_BYTES + 2 + MAX_TYPE_BYTES;
/** Longest token a reader accepts: the largest metadata, sealed, in base64url. */
export const MAX_SHARE_NAME_LENGTH = PREFIX.length + Math.ceil(((NONCE_LENGTH + MAX_METADATA_BYTES + TAG_LENGTH) * 4) / 3);

/** HKDF-SHA-256(file key, empty salt, "coffer/v1 share-name"). Why no file salt: the file key is random and the nonce fresh. */
async function shareNameKey(fileKey: Uint8Array): Promise<CryptoKey> {
  if (fileKey.length !== KEY_LENGTH) throw new RangeError('format: a file key is 32 bytes');
  return deriveAesKey(await hkdfBase(fileKey), new Uint8Array(0), LABEL_SHARE_NAME);
}

/** Seals `metadata` for a link to the file whose key is `fileKey`: `f1.<base64url(nonce || AES-256-GCM ciphertext)>`. */
export async function sealShareName(fileKey: Uint8Array, metadata: FileMetadata, random: Random = systemRandom): Promise<string> {
  return sealToken(await shareNameKey(fileKey), PREFIX, AAD, encodeMetadata(metadata), random);
}

/**
 * Opens a share-name token with the file key. A changed token, or one made for another file, fails with 'wrong-key'.
 * The reader then checks that its size is the header's (section 10) before showing its name.
 */
export async function openShareName(fileKey: Uint8Array, token: string): Promise<FileMetadata> {
  return openToken(await shareNameKey(fileKey), PREFIX, AAD, MAX_SHARE_NAME_LENGTH, token, "the link's file name does not open with its key, or it was changed");
}

/**
 * What a share's recipient is shown: the header's metadata with the name the link carries, once that name opened
 * with the file key and speaks of a file of the header's size ('wrong-key' otherwise).
 */
export async function withShareName(fileKey: Uint8Array, token: string, header: FileMetadata): Promise<FileMetadata> {
  const shared = await openShareName(fileKey, token);
  if (shared.size !== header.size) throw new FormatError('wrong-key', "the link's file name belongs to another file");
  return { ...header, name: shared.name };
}
