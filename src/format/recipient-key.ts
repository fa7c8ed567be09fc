/**
 * The vault's recipient key pair (SPEC.md section 12): the public key that file requests hand to guests, and its
 * private key sealed under a vault subkey, in one small object beside the settings object. Guests encrypt to the
 * public key with a public-key stanza (section 4.3); only a browser that unlocked the vault can open those files.
 */
import { buf, ByteReader, concat, equalBytes, fromBase64url, u32 } from './bytes';
import { NONCE_LENGTH } from './constants';
import { FormatError, internalError } from './errors';
import { systemRandom, type Random } from './keys';
import { curveOf, generateRecipientKeyPair, importPrivateScalar, isCurve, PUBLIC_KEY_LENGTH } from './public-key';
import type { Identity } from './types';
import { vaultSubkey } from './vault';

/** Key pair object magic (`\x89 C F K`, the settings scheme with K for key). */
export const KEYPAIR_MAGIC = new Uint8Array([0x89, 0x43, 0x46, 0x4b, 0x0d, 0x0a, 0x1a, 0x0a]);
/** The only key pair object version this code reads and writes. */
export const KEYPAIR_VERSION = 1;
/** The vault subkey purpose that seals the private key. */
export const RECIPIENT_KEY_PURPOSE = 'recipient-key';
/** A private scalar: 32 bytes on both curves. */
const SCALAR_LENGTH = 32;
/** Sealed scalar: scalar + GCM tag. */
const SEALED_SCALAR_LENGTH = SCALAR_LENGTH + 16;

/** What reading a key pair object gives: an identity that opens public-key stanzas to this vault. */
export type RecipientIdentity = Extract<Identity, { type: 'private-key' }>;

/** A key pair object for `publicKey` and its private scalar, sealed under `masterKey`'s subkey with a fresh nonce. */
async function sealKeyPair(masterKey: CryptoKey, publicKey: Uint8Array, scalar: Uint8Array, random: Random): Promise<Uint8Array<ArrayBuffer>> {
  const aad = concat(KEYPAIR_MAGIC, u32(KEYPAIR_VERSION), new Uint8Array([curveOf(publicKey)]), publicKey);
  const nonce = random(NONCE_LENGTH);
  const key = await vaultSubkey(masterKey, RECIPIENT_KEY_PURPOSE);
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: buf(nonce), additionalData: aad }, key, buf(scalar));
  return concat(aad, nonce, new Uint8Array(sealed));
}

/**
 * Makes a fresh recipient key pair for a vault: the object to store and its public key.
 * Why a random nonce: the subkey is fixed per vault, and a vault seals a key pair rarely; 96 random bits never repeat.
 */
export async function createRecipientKeyPair(
  masterKey: CryptoKey,
  random: Random = systemRandom,
): Promise<{ object: Uint8Array<ArrayBuffer>; publicKey: Uint8Array }> {
  const pair = await generateRecipientKeyPair(random);
  const jwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
  const scalar = fromBase64url(jwk.d ?? '');
  if (scalar?.length !== SCALAR_LENGTH) throw internalError('exported private key is not 32 bytes');
  try {
    return { object: await sealKeyPair(masterKey, pair.publicKey, scalar, random), publicKey: pair.publicKey };
  } finally {
    scalar.fill(0);
  }
}

/** The public key of a key pair object, without the vault key (e.g. to check it before unsealing). */
export function recipientPublicKey(object: Uint8Array): Uint8Array {
  return parse(object).publicKey;
}

function parse(object: Uint8Array) {
  const r = new ByteReader(object, 'malformed-settings');
  if (!equalBytes(r.take(Math.min(8, object.length), 'magic'), KEYPAIR_MAGIC)) throw new FormatError('not-coffer', 'not a Coffer key pair');
  const version = r.u32('version');
  if (version !== KEYPAIR_VERSION) throw new FormatError('unsupported-version', `key pair version ${version}`);
  const curve = r.u8('curve');
  if (!isCurve(curve)) throw new FormatError('malformed-settings', `unknown curve ${curve}`);
  const publicKey = r.take(PUBLIC_KEY_LENGTH[curve], 'public key');
  const aad = object.subarray(0, r.offset);
  const nonce = r.take(NONCE_LENGTH, 'nonce');
  const sealed = r.take(SEALED_SCALAR_LENGTH, 'sealed private key');
  r.end('sealed private key');
  return { curve, publicKey, aad, nonce, sealed };
}

async function openScalar(masterKey: CryptoKey, parsed: ReturnType<typeof parse>): Promise<Uint8Array> {
  const { aad, nonce, sealed } = parsed;
  const key = await vaultSubkey(masterKey, RECIPIENT_KEY_PURPOSE);
  try {
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: buf(nonce), additionalData: buf(aad) }, key, buf(sealed)));
  } catch {
    throw new FormatError('wrong-key', 'the key pair does not open with this vault key, or it was changed');
  }
}

/** The private key of a scalar, checked against the stored public key. */
async function importChecked(parsed: ReturnType<typeof parse>, scalar: Uint8Array): Promise<CryptoKey> {
  const imported = await importPrivateScalar(parsed.curve, scalar);
  // The AAD already binds the public key; this catches a writer that stored a mismatched pair.
  if (!equalBytes(imported.publicKey, parsed.publicKey)) throw new FormatError('wrong-key', 'the key pair does not match its public key');
  return imported.privateKey;
}

/**
 * Opens a key pair object with the vault master key. The private key comes back non-extractable. A wrong vault and
 * a changed byte look alike (`wrong-key`).
 */
export async function openRecipientKeyPair(masterKey: CryptoKey, object: Uint8Array): Promise<RecipientIdentity> {
  const parsed = parse(object);
  const scalar = await openScalar(masterKey, parsed);
  try {
    return { type: 'private-key', privateKey: await importChecked(parsed, scalar), publicKey: parsed.publicKey.slice() };
  } finally {
    scalar.fill(0);
  }
}

/**
 * The same key pair sealed for another master key (a key rotation, section 6.2): opened with `from`, checked, sealed
 * under `to`'s subkey with a fresh nonce. The public key is unchanged, so file requests made with it keep working.
 */
export async function resealRecipientKeyPair(object: Uint8Array, from: CryptoKey, to: CryptoKey, random: Random = systemRandom): Promise<Uint8Array<ArrayBuffer>> {
  const parsed = parse(object);
  const scalar = await openScalar(from, parsed);
  try {
    await importChecked(parsed, scalar);
    return await sealKeyPair(to, parsed.publicKey, scalar, random);
  } finally {
    scalar.fill(0);
  }
}

/**
 * A short fingerprint of a public key, to read aloud: the first 16 bytes of its SHA-256 as eight groups of four
 * hex digits. Why 128 bits: a forger would need a second preimage of a truncated hash, 2^128 work.
 */
export async function recipientKeyFingerprint(publicKey: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', buf(publicKey)));
  const hex = Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
  return hex.match(/.{4}/g)?.join(' ') ?? '';
}
