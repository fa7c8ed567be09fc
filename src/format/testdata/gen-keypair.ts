/** Vault key pair object vectors (SPEC section 12): the body is the object, the identity the vault master key. */
import { buf, concat, fromBase64url, toHex, u32 } from '../bytes';
import { CURVE_P256, CURVE_X25519 } from '../constants';
import { keyPairFrom, type Curve } from '../public-key';
import { KEYPAIR_MAGIC, KEYPAIR_VERSION, RECIPIENT_KEY_PURPOSE } from '../recipient-key';
import { vaultSubkey } from '../vault';
import { add, flip, NONE, seeded, sha, vault } from './gen-kit';
import type { Vector } from './vector-file';

/** A key pair object built step by step as section 12 says; `aadKey` puts another public key in the object. */
async function keypairObject(name: string, curve: Curve, aadKey?: Uint8Array): Promise<{ object: Uint8Array; publicKey: Uint8Array }> {
  const random = seeded(name);
  const pair = await keyPairFrom(curve, random);
  const scalar = fromBase64url((await crypto.subtle.exportKey('jwk', pair.privateKey)).d ?? '');
  if (scalar === undefined) throw new Error('vectors: no private scalar');
  const aad = concat(KEYPAIR_MAGIC, u32(KEYPAIR_VERSION), new Uint8Array([curve]), aadKey ?? pair.publicKey);
  const nonce = random(12);
  const key = await vaultSubkey((await vault()).masterKey, RECIPIENT_KEY_PURPOSE);
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: buf(nonce), additionalData: buf(aad) }, key, buf(scalar)));
  return { object: concat(aad, nonce, sealed), publicKey: pair.publicKey };
}

const result = async (body: Uint8Array, expect: string, publicKey?: Uint8Array, masterKey?: Uint8Array): Promise<Omit<Vector, 'comment'>> => ({
  expect,
  payload: expect === 'success' && publicKey ? sha(publicKey) : NONE,
  masterKey: toHex(masterKey ?? (await vault()).raw),
  ...(expect === 'success' && publicKey ? { publicKey: toHex(publicKey) } : {}),
  body,
});
const x25519 = () => keypairObject('keypair x25519', CURVE_X25519);
const patch = (bytes: Uint8Array, at: number, value: Uint8Array): Uint8Array => {
  const out = bytes.slice();
  out.set(value, at);
  return out;
};

add('keypair_x25519_ok', 'key pair object, X25519; payload is SHA-256 of the public key', async () => {
  const { object, publicKey } = await x25519();
  return result(object, 'success', publicKey);
});
add('keypair_p256_ok', 'key pair object, P-256 (uncompressed point)', async () => {
  const { object, publicKey } = await keypairObject('keypair p256', CURVE_P256);
  return result(object, 'success', publicKey);
});
add('keypair_wrong_master_key', 'opened with another vault master key', async () =>
  result((await x25519()).object, 'error wrong-key', undefined, seeded('another vault')(32)));
add('keypair_flipped_public_key', 'one bit of the public key flipped (bound by the AAD)', async () => result(flip((await x25519()).object, 20), 'error wrong-key'));
add('keypair_flipped_sealed_key', 'one bit of the sealed private key flipped', async () => result(flip((await x25519()).object, -1), 'error wrong-key'));
add('keypair_mismatched_public_key', "sealed correctly, but the stored public key is not the private key's", async () => {
  const other = await keyPairFrom(CURVE_X25519, seeded('keypair other'));
  return result((await keypairObject('keypair mismatch', CURVE_X25519, other.publicKey)).object, 'error wrong-key');
});
add('keypair_bad_magic', 'the settings magic instead of the key pair magic', async () => result(patch((await x25519()).object, 3, new Uint8Array([0x56])), 'error not-coffer'));
add('keypair_unknown_version', 'version 2', async () => result(patch((await x25519()).object, 8, u32(2)), 'error unsupported-version'));
add('keypair_unknown_curve', 'curve byte 3', async () => result(patch((await x25519()).object, 12, new Uint8Array([3])), 'error malformed-settings'));
add('keypair_truncated', 'last byte missing', async () => result((await x25519()).object.subarray(0, -1), 'error malformed-settings'));
add('keypair_trailing_byte', 'one byte after the sealed private key', async () => result(concat((await x25519()).object, new Uint8Array([0])), 'error malformed-settings'));
