/** Recipient stanzas: each wraps the same file key for one kind of identity. */
import { ARGON2_PARAMS_LENGTH, argon2Key, checkArgon2, encodeArgon2, readArgon2 } from './argon2';
import { ByteReader, concat } from './bytes';
import {
  ARGON2_SALT_LENGTH,
  DEFAULT_ARGON2,
  LABEL_PUBLIC_KEY_STANZA,
  LABEL_VAULT_STANZA,
  STANZA_PASSPHRASE,
  STANZA_PUBLIC_KEY,
  STANZA_VAULT,
  VAULT_STANZA_SALT_LENGTH,
  WRAPPED_KEY_LENGTH,
} from './constants';
import { FormatError } from './errors';
import { deriveAesKey, hkdfBase, importAesKey, openOnce, sealOnce, type Random } from './keys';
import { agree, curveOf, curveOfPrivateKey, isCurve, keyPairFrom, PUBLIC_KEY_LENGTH, type Curve } from './public-key';
import type { Argon2Params, Identity, Recipient } from './types';

/** A stanza as it sits in the header: type byte and body. */
export interface RawStanza {
  type: number;
  body: Uint8Array;
}

/** A stanza whose body was checked against its type's layout. */
export type ParsedStanza =
  | { type: 'passphrase'; argon2: Argon2Params; salt: Uint8Array; wrapped: Uint8Array }
  | { type: 'vault'; salt: Uint8Array; wrapped: Uint8Array }
  | { type: 'public-key'; curve: Curve; ephemeral: Uint8Array; wrapped: Uint8Array };

/** Checks that a vault master key is what createVault/unlockVault return. */
export function checkMasterKey(key: CryptoKey): void {
  if (key.algorithm.name !== 'HKDF' || !key.usages.includes('deriveKey')) {
    throw new RangeError('format: a vault master key is an HKDF CryptoKey with the deriveKey usage (from createVault or unlockVault)');
  }
}

/** Wraps the file key for one recipient. */
export async function wrapFileKey(recipient: Recipient, fileKey: Uint8Array, random: Random): Promise<RawStanza> {
  switch (recipient.type) {
    case 'passphrase': {
      if (recipient.passphrase === '') throw new RangeError('format: the passphrase is empty');
      const argon2 = recipient.argon2 ?? DEFAULT_ARGON2;
      checkArgon2(argon2, 'limits-exceeded');
      const salt = random(ARGON2_SALT_LENGTH);
      const kek = await importAesKey(await argon2Key(recipient.passphrase, salt, argon2));
      return { type: STANZA_PASSPHRASE, body: concat(encodeArgon2(argon2), salt, await sealOnce(kek, fileKey)) };
    }
    case 'vault': {
      checkMasterKey(recipient.masterKey);
      const salt = random(VAULT_STANZA_SALT_LENGTH);
      const key = await deriveAesKey(recipient.masterKey, salt, LABEL_VAULT_STANZA);
      return { type: STANZA_VAULT, body: concat(salt, await sealOnce(key, fileKey)) };
    }
    case 'public-key': {
      const curve = curveOf(recipient.publicKey);
      const ephemeral = await keyPairFrom(curve, random);
      const shared = await agree(curve, ephemeral.privateKey, recipient.publicKey);
      const key = await publicKeyWrapKey(shared, ephemeral.publicKey, recipient.publicKey);
      return { type: STANZA_PUBLIC_KEY, body: concat(new Uint8Array([curve]), ephemeral.publicKey, await sealOnce(key, fileKey)) };
    }
  }
}

async function publicKeyWrapKey(shared: Uint8Array, ephemeral: Uint8Array, recipient: Uint8Array): Promise<CryptoKey> {
  return deriveAesKey(await hkdfBase(shared), concat(ephemeral, recipient), LABEL_PUBLIC_KEY_STANZA);
}

/** Parses a stanza body by type; unknown types, wrong lengths and over-cap Argon2 parameters are typed errors. */
export function parseStanza(raw: RawStanza): ParsedStanza {
  const r = new ByteReader(raw.body, 'malformed-header');
  let stanza: ParsedStanza;
  switch (raw.type) {
    case STANZA_PASSPHRASE: {
      if (raw.body.length !== ARGON2_PARAMS_LENGTH + ARGON2_SALT_LENGTH + WRAPPED_KEY_LENGTH) {
        throw new FormatError('malformed-header', 'passphrase stanza has the wrong length');
      }
      const argon2 = readArgon2(r, 'malformed-header');
      stanza = { type: 'passphrase', argon2, salt: r.take(ARGON2_SALT_LENGTH, 'salt'), wrapped: r.take(WRAPPED_KEY_LENGTH, 'key') };
      break;
    }
    case STANZA_VAULT:
      stanza = { type: 'vault', salt: r.take(VAULT_STANZA_SALT_LENGTH, 'salt'), wrapped: r.take(WRAPPED_KEY_LENGTH, 'key') };
      break;
    case STANZA_PUBLIC_KEY: {
      const curve = r.u8('curve');
      if (!isCurve(curve)) throw new FormatError('malformed-header', `unknown curve ${curve}`);
      const ephemeral = r.take(PUBLIC_KEY_LENGTH[curve], 'ephemeral key');
      stanza = { type: 'public-key', curve, ephemeral, wrapped: r.take(WRAPPED_KEY_LENGTH, 'key') };
      break;
    }
    default:
      throw new FormatError('unknown-stanza', `type 0x${raw.type.toString(16).padStart(2, '0')}`);
  }
  r.end('stanza');
  return stanza;
}

/** The file key a stanza yields for an identity; undefined if it is not this identity's stanza or does not open. */
export async function unwrapFileKey(stanza: ParsedStanza, identity: Identity): Promise<Uint8Array | undefined> {
  if (stanza.type === 'passphrase' && identity.type === 'passphrase') {
    const kek = await importAesKey(await argon2Key(identity.passphrase, stanza.salt, stanza.argon2));
    return openOnce(kek, stanza.wrapped);
  }
  if (stanza.type === 'vault' && identity.type === 'vault') {
    // During a key rotation a file is under one of two master keys (SPEC section 6.2): the current one first.
    for (const masterKey of [identity.masterKey, identity.previousMasterKey]) {
      if (masterKey === undefined) continue;
      checkMasterKey(masterKey);
      const fileKey = await openOnce(await deriveAesKey(masterKey, stanza.salt, LABEL_VAULT_STANZA), stanza.wrapped);
      if (fileKey !== undefined) return fileKey;
    }
    return undefined;
  }
  if (stanza.type === 'public-key' && identity.type === 'private-key') {
    if (curveOfPrivateKey(identity.privateKey) !== stanza.curve) return undefined;
    let shared: Uint8Array;
    try {
      shared = await agree(stanza.curve, identity.privateKey, stanza.ephemeral);
    } catch {
      return undefined;
    }
    return openOnce(await publicKeyWrapKey(shared, stanza.ephemeral, identity.publicKey), stanza.wrapped);
  }
  return undefined;
}

/** The stanza type an identity can open (none for a bare file key). */
export function stanzaTypeFor(identity: Identity): ParsedStanza['type'] | undefined {
  const types = { passphrase: 'passphrase', vault: 'vault', 'private-key': 'public-key', 'file-key': undefined } as const;
  return types[identity.type];
}
