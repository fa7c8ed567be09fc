/** Key derivation and key wrapping, all through WebCrypto. */
import { buf, utf8 } from './bytes';
import { KEY_LENGTH, LABEL_CHUNK_DIGEST, LABEL_HEADER_MAC, LABEL_METADATA, LABEL_PAYLOAD, NONCE_LENGTH, WRAPPED_KEY_LENGTH } from './constants';
import { internalError } from './errors';

/** Source of random bytes; injectable so the test-vector generator is deterministic. */
export type Random = (length: number) => Uint8Array;

/** The platform CSPRNG. */
export const systemRandom: Random = (length) => crypto.getRandomValues(new Uint8Array(length));

/** The three per-file subkeys. */
export interface FileKeys {
  payload: CryptoKey;
  metadata: CryptoKey;
  mac: CryptoKey;
}

const AES_GCM_256 = { name: 'AES-GCM', length: 256 } as const;
const HMAC_SHA_256 = { name: 'HMAC', hash: 'SHA-256', length: 256 } as const;

/** An HKDF base key over raw key material. */
export function hkdfBase(ikm: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', buf(ikm), 'HKDF', false, ['deriveKey', 'deriveBits']);
}

/** HKDF-SHA-256(base, salt, label) as a non-extractable AES-256-GCM key. */
export function deriveAesKey(base: CryptoKey, salt: Uint8Array, label: string): Promise<CryptoKey> {
  const params = { name: 'HKDF', hash: 'SHA-256', salt: buf(salt), info: utf8(label) };
  return crypto.subtle.deriveKey(params, base, AES_GCM_256, false, ['encrypt', 'decrypt']);
}

/** Payload, metadata and header-MAC keys: HKDF-SHA-256(file key, file salt, label). Why HKDF: one key per purpose. */
export async function deriveFileKeys(fileKey: Uint8Array, salt: Uint8Array): Promise<FileKeys> {
  if (fileKey.length !== KEY_LENGTH) throw internalError('file key is not 32 bytes');
  const base = await hkdfBase(fileKey);
  const macParams = { name: 'HKDF', hash: 'SHA-256', salt: buf(salt), info: utf8(LABEL_HEADER_MAC) };
  const [payload, metadata, mac] = await Promise.all([
    deriveAesKey(base, salt, LABEL_PAYLOAD),
    deriveAesKey(base, salt, LABEL_METADATA),
    crypto.subtle.deriveKey(macParams, base, HMAC_SHA_256, false, ['sign', 'verify']),
  ]);
  return { payload, metadata, mac };
}

/**
 * The chunk-digest key of SPEC 4.4: HKDF-SHA-256(file key, file salt, "coffer/v1 chunk-digest") as an HMAC-SHA-256 key.
 * Why keyed: the digests sit in the browser's storage beside the upload, and a bare hash of plaintext would let anyone
 * who reads that storage confirm a guessed file or chunk; under a subkey of the file key they say nothing without it.
 */
export async function deriveChunkDigestKey(fileKey: Uint8Array, salt: Uint8Array): Promise<CryptoKey> {
  if (fileKey.length !== KEY_LENGTH) throw internalError('file key is not 32 bytes');
  const params = { name: 'HKDF', hash: 'SHA-256', salt: buf(salt), info: utf8(LABEL_CHUNK_DIGEST) };
  return crypto.subtle.deriveKey(params, await hkdfBase(fileKey), HMAC_SHA_256, false, ['sign']);
}

/** Imports 32 raw bytes (an Argon2id output) as an AES-256-GCM key. */
export function importAesKey(raw: Uint8Array, usages: KeyUsage[] = ['encrypt', 'decrypt']): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', buf(raw), AES_GCM_256, false, usages);
}

/** The all-zero nonce. Why safe: every key it is used with seals exactly one message (fresh salt or ephemeral key). */
export const ZERO_NONCE = new Uint8Array(NONCE_LENGTH);

/** AES-256-GCM seal under a single-use key with the zero nonce. */
export async function sealOnce(key: CryptoKey, plaintext: Uint8Array, aad?: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const params: AesGcmParams = { name: 'AES-GCM', iv: ZERO_NONCE };
  if (aad !== undefined) params.additionalData = buf(aad);
  return new Uint8Array(await crypto.subtle.encrypt(params, key, buf(plaintext)));
}

/** Opens a `sealOnce` box; undefined if it does not authenticate. */
export async function openOnce(key: CryptoKey, sealed: Uint8Array, aad?: Uint8Array): Promise<Uint8Array | undefined> {
  const params: AesGcmParams = { name: 'AES-GCM', iv: ZERO_NONCE };
  if (aad !== undefined) params.additionalData = buf(aad);
  try {
    return new Uint8Array(await crypto.subtle.decrypt(params, key, buf(sealed)));
  } catch {
    return undefined;
  }
}

/** Checks a wrapped key's length before any work. */
export function isWrappedKeyLength(sealed: Uint8Array): boolean {
  return sealed.length === WRAPPED_KEY_LENGTH;
}
