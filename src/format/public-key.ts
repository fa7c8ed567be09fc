/** ECDH for public-key stanzas: X25519 where the platform has it, else P-256. */
import { buf, concat, fromBase64url } from './bytes';
import { CURVE_P256, CURVE_X25519 } from './constants';
import { FormatError, internalError } from './errors';
import type { Random } from './keys';

/** A curve byte of a public-key stanza. */
export type Curve = typeof CURVE_X25519 | typeof CURVE_P256;

/** Raw public key length per curve: X25519 32 bytes, P-256 65 bytes (uncompressed SEC1). */
export const PUBLIC_KEY_LENGTH: Record<Curve, number> = { [CURVE_X25519]: 32, [CURVE_P256]: 65 };

const ALGORITHM: Record<Curve, EcKeyImportParams | Algorithm> = {
  [CURVE_X25519]: { name: 'X25519' },
  [CURVE_P256]: { name: 'ECDH', namedCurve: 'P-256' },
};

// PKCS#8 prefixes that precede a raw 32-byte private scalar (RFC 8410; RFC 5915 without the optional public key).
const PKCS8_PREFIX: Record<Curve, Uint8Array> = {
  [CURVE_X25519]: hex('302e020100300506032b656e04220420'),
  [CURVE_P256]: hex('3041020100301306072a8648ce3d020106082a8648ce3d030107042730250201010420'),
};

function hex(text: string): Uint8Array {
  return new Uint8Array(text.match(/../g)?.map((h) => parseInt(h, 16)) ?? []);
}

/** True for a known curve byte. */
export function isCurve(byte: number): byte is Curve {
  return byte === CURVE_X25519 || byte === CURVE_P256;
}

/** The curve of a raw public key, by its length (32: X25519, 65 starting 0x04: P-256). */
export function curveOf(publicKey: Uint8Array): Curve {
  if (publicKey.length === 32) return CURVE_X25519;
  if (publicKey.length === 65 && publicKey[0] === 0x04) return CURVE_P256;
  throw new RangeError('format: a recipient public key is 32 bytes (X25519) or 65 bytes (uncompressed P-256)');
}

/** The curve a private key belongs to. */
export function curveOfPrivateKey(key: CryptoKey): Curve {
  if (key.algorithm.name === 'X25519') return CURVE_X25519;
  if (key.algorithm.name === 'ECDH') return CURVE_P256;
  throw new RangeError(`format: private key algorithm ${key.algorithm.name} is neither X25519 nor ECDH P-256`);
}

let x25519: Promise<boolean> | undefined;

/** Whether this platform's WebCrypto does X25519 (Node >= 18.4, Chromium >= 133, Firefox, Safari 17). */
export function hasX25519(): Promise<boolean> {
  x25519 ??= crypto.subtle.generateKey({ name: 'X25519' }, false, ['deriveBits']).then(
    () => true,
    () => false,
  );
  return x25519;
}

async function rawPublicKey(curve: Curve, privateKey: CryptoKey): Promise<Uint8Array> {
  const jwk = await crypto.subtle.exportKey('jwk', privateKey);
  const x = fromBase64url(jwk.x ?? '');
  if (x === undefined) throw internalError('exported JWK has no x');
  if (curve === CURVE_X25519) return x;
  const y = fromBase64url(jwk.y ?? '');
  if (y === undefined) throw internalError('exported JWK has no y');
  return concat(new Uint8Array([0x04]), x, y);
}

/** A key pair whose private scalar comes from `random` (so vectors are reproducible). Extractable, so it can be wrapped for storage. */
export async function keyPairFrom(curve: Curve, random: Random): Promise<{ publicKey: Uint8Array; privateKey: CryptoKey }> {
  for (let attempt = 0; attempt < 4; attempt++) {
    const pkcs8 = concat(PKCS8_PREFIX[curve], random(32));
    try {
      const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, ALGORITHM[curve], true, ['deriveBits']);
      return { publicKey: await rawPublicKey(curve, privateKey), privateKey };
    } catch {
      // A P-256 scalar >= n (probability 2^-32): draw again.
    }
  }
  throw internalError('could not make an ECDH key pair');
}

/** A key pair from a stored 32-byte private scalar; the private key comes back non-extractable. */
export async function importPrivateScalar(curve: Curve, scalar: Uint8Array): Promise<{ publicKey: Uint8Array; privateKey: CryptoKey }> {
  const pkcs8 = concat(PKCS8_PREFIX[curve], scalar);
  try {
    const extractable = await crypto.subtle.importKey('pkcs8', pkcs8, ALGORITHM[curve], true, ['deriveBits']);
    const publicKey = await rawPublicKey(curve, extractable);
    const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, ALGORITHM[curve], false, ['deriveBits']);
    return { publicKey, privateKey };
  } catch (error) {
    if (error instanceof FormatError) throw error;
    throw new FormatError('wrong-key', 'the stored private key is not a valid key');
  } finally {
    pkcs8.fill(0);
  }
}

/** A recipient key pair for upload-only links: X25519 if available, else P-256. */
export async function generateRecipientKeyPair(random?: Random): Promise<{ publicKey: Uint8Array; privateKey: CryptoKey }> {
  const curve = (await hasX25519()) ? CURVE_X25519 : CURVE_P256;
  return keyPairFrom(curve, random ?? ((n) => crypto.getRandomValues(new Uint8Array(n))));
}

/** ECDH shared secret (32 bytes). Throws 'wrong-key' on an invalid point or an all-zero (low-order) X25519 result. */
export async function agree(curve: Curve, privateKey: CryptoKey, peerPublic: Uint8Array): Promise<Uint8Array> {
  try {
    const peer = await crypto.subtle.importKey('raw', buf(peerPublic), ALGORITHM[curve], false, []);
    const algorithm = { name: curve === CURVE_X25519 ? 'X25519' : 'ECDH', public: peer };
    const shared = new Uint8Array(await crypto.subtle.deriveBits(algorithm, privateKey, 256));
    if (shared.every((b) => b === 0)) throw new Error('low-order point');
    return shared;
  } catch {
    throw new FormatError('wrong-key');
  }
}
