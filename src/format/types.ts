/** Public types of the Coffer format (re-exported by index.ts). */

/** Argon2id cost parameters, as stored in passphrase stanzas and the settings object. */
export interface Argon2Params {
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

/** What the encrypted metadata block of a header carries. */
export interface FileMetadata {
  name: string;
  type: string;
  /** Plaintext size in bytes; decryption checks the payload matches it. */
  size: number;
  /** Last modification, milliseconds since the Unix epoch. */
  modified: number;
}

/** Someone a file is encrypted to: one stanza each. */
export type Recipient =
  | { type: 'passphrase'; passphrase: string; argon2?: Argon2Params }
  | { type: 'vault'; masterKey: CryptoKey }
  | { type: 'public-key'; publicKey: Uint8Array };

/**
 * A vault's keys as an unlocked session holds them: the master key, and while a key rotation is unfinished (SPEC
 * section 6.2) the master key before it, which files not yet re-wrapped still need. New writes use `masterKey` only.
 */
export interface VaultKeys {
  masterKey: CryptoKey;
  previousMasterKey?: CryptoKey;
}

/** What a reader holds to open a file. A vault identity tries its master key, then a rotation's previous key. */
export type Identity =
  | { type: 'passphrase'; passphrase: string }
  | ({ type: 'vault' } & VaultKeys)
  | { type: 'file-key'; fileKey: Uint8Array }
  | { type: 'private-key'; privateKey: CryptoKey; publicKey: Uint8Array };
