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

/** What a reader holds to open a file. */
export type Identity =
  | { type: 'passphrase'; passphrase: string }
  | { type: 'vault'; masterKey: CryptoKey }
  | { type: 'file-key'; fileKey: Uint8Array }
  | { type: 'private-key'; privateKey: CryptoKey; publicKey: Uint8Array };
