/**
 * Every constant of the Coffer file format v1. SPEC.md is normative; these names match it.
 */
import type { Argon2Params } from './types';

/** Plaintext bytes per payload chunk. Why: Chromium's AES-GCM peaks at 512 KiB (1.78 GB/s); 1 MiB runs at half speed. */
export const CHUNK_SIZE = 524288;
/** AES-GCM tag length in bytes (the full 128-bit tag). */
export const TAG_LENGTH = 16;
/** Ciphertext bytes of a full chunk. */
export const SEALED_CHUNK_SIZE = CHUNK_SIZE + TAG_LENGTH;
/** Length of every symmetric key and of the file key: 256 bits. */
export const KEY_LENGTH = 32;
/** AES-GCM nonce length: 11-byte counter || 1-byte last-chunk flag. */
export const NONCE_LENGTH = 12;

/** File magic. Why PNG-style: the high byte catches 7-bit transfers, CR LF / LF catch newline rewriting. */
export const FILE_MAGIC = new Uint8Array([0x89, 0x43, 0x46, 0x52, 0x0d, 0x0a, 0x1a, 0x0a]); // \x89 C F R
/** Vault settings object magic (same scheme, V for vault). */
export const SETTINGS_MAGIC = new Uint8Array([0x89, 0x43, 0x46, 0x56, 0x0d, 0x0a, 0x1a, 0x0a]); // \x89 C F V
/** The only file format version this code reads and writes. */
export const FORMAT_VERSION = 1;
/** The settings object version this code writes (section 6): v1 plus an authenticated generation and key tag. */
export const SETTINGS_VERSION = 2;
/** The first settings object version: still read (as generation 0), never written. */
export const SETTINGS_VERSION_1 = 1;

/** magic (8) || version (u32) || header length (u32). */
export const HEADER_PREFIX_LENGTH = 16;
/** Largest header a reader accepts. Why: bounds memory before anything is authenticated. */
export const MAX_HEADER_LENGTH = 65536;
/** Random HKDF salt per file. */
export const FILE_SALT_LENGTH = 32;
/** Header MAC length (HMAC-SHA-256). */
export const MAC_LENGTH = 32;
/** Most recipient stanzas one header may carry. */
export const MAX_STANZAS = 64;
/** Largest stanza body. */
export const MAX_STANZA_BODY = 1024;
/** Largest UTF-8 file name in the metadata. */
export const MAX_NAME_BYTES = 4096;
/** Largest UTF-8 MIME type in the metadata. */
export const MAX_TYPE_BYTES = 256;
/** Largest plaintext size: the largest integer JavaScript holds exactly. */
export const MAX_PLAINTEXT_SIZE = Number.MAX_SAFE_INTEGER;

/** Stanza type bytes. Why a closed set: a v1 reader never skips a stanza it cannot check. */
export const STANZA_PASSPHRASE = 0x01;
/** Vault stanza: file key wrapped under a key derived from the vault master key. */
export const STANZA_VAULT = 0x02;
/** Public-key stanza: ephemeral-static ECDH. */
export const STANZA_PUBLIC_KEY = 0x03;
/** Curve byte of a public-key stanza: X25519 (32-byte keys). */
export const CURVE_X25519 = 0x01;
/** Curve byte of a public-key stanza: P-256 (65-byte uncompressed points). */
export const CURVE_P256 = 0x02;

/** Argon2id salt length in passphrase stanzas and the settings object. */
export const ARGON2_SALT_LENGTH = 16;
/** Per-stanza HKDF salt length in vault stanzas. */
export const VAULT_STANZA_SALT_LENGTH = 16;
/** A wrapped file key or master key: 32-byte key + 16-byte tag. */
export const WRAPPED_KEY_LENGTH = KEY_LENGTH + TAG_LENGTH;
/** Random vault id in the settings object. */
export const VAULT_ID_LENGTH = 16;

/** Default Argon2id cost: 128 MiB, 3 passes, 1 lane (~0.5 s in Chromium; p > 1 is no faster in WASM). */
export const DEFAULT_ARGON2: Readonly<Argon2Params> = Object.freeze({ memoryKiB: 131072, iterations: 3, parallelism: 1 });
/** Highest Argon2id cost a reader accepts. Why: a hostile file must not freeze or exhaust a browser tab. */
export const MAX_ARGON2: Readonly<Argon2Params> = Object.freeze({ memoryKiB: 262144, iterations: 10, parallelism: 4 });

/** HKDF info labels, one per purpose (domain separation). */
export const LABEL_PAYLOAD = 'coffer/v1 payload';
/** HKDF info for the metadata key. */
export const LABEL_METADATA = 'coffer/v1 metadata';
/** HKDF info for the header MAC key. */
export const LABEL_HEADER_MAC = 'coffer/v1 header-mac';
/** HKDF info for the wrap key of a vault stanza. */
export const LABEL_VAULT_STANZA = 'coffer/v1 vault-stanza';
/** HKDF info for the wrap key of a public-key stanza. */
export const LABEL_PUBLIC_KEY_STANZA = 'coffer/v1 public-key-stanza';
/**
 * HKDF info for a writer's chunk-digest key (SPEC 4.4): never used on the file itself, only to fingerprint chunk
 * plaintext in a resumable upload's local state.
 */
export const LABEL_CHUNK_DIGEST = 'coffer/v1 chunk-digest';
/** HKDF info prefix for application subkeys of the vault master key. */
export const LABEL_VAULT_SUBKEY = 'coffer/v1 vault-subkey ';
/** HKDF info of the HMAC key of a settings object's key tag (section 6): lets any holder of the master key check it. */
export const LABEL_SETTINGS_TAG = 'coffer/v1 settings-tag';
/** Passkey object magic (section 14; the settings scheme with P for passkey). */
export const PASSKEYS_MAGIC = new Uint8Array([0x89, 0x43, 0x46, 0x50, 0x0d, 0x0a, 0x1a, 0x0a]); // \x89 C F P
/** The only passkey object version this code reads and writes. */
export const PASSKEYS_VERSION = 1;
/** Most passkeys a vault keeps. Why a cap: each is a way in to review, and the object stays small. */
export const MAX_PASSKEYS = 5;
/** Longest credential id (WebAuthn Level 3: at most 1023 bytes). */
export const MAX_CREDENTIAL_ID_LENGTH = 1023;
/** Longest passkey name, in UTF-8 bytes. */
export const MAX_PASSKEY_NAME_BYTES = 64;
/** The per-passkey salt: the PRF input and the HKDF salt of the passkey's KEK. */
export const PASSKEY_SALT_LENGTH = 32;
/** A WebAuthn PRF output (the `first` result): 32 bytes. */
export const PRF_OUTPUT_LENGTH = 32;
/** HKDF info of a passkey's key-encryption key, from its PRF output. */
export const LABEL_PASSKEY = 'coffer/v1 passkey';
/** HKDF info of the HMAC key of the passkey object's list tag (section 14): any holder of the master key checks it. */
export const LABEL_PASSKEYS_TAG = 'coffer/v1 passkeys-tag';
/** HKDF salt for vault subkeys: all zero (RFC 5869 allows it; the label separates purposes). */
export const ZERO_SALT_LENGTH = 32;

/**
 * The type in the metadata of a folder marker (SPEC section 11, "Empty folders"): an empty object that keeps a folder
 * with no file in it. Why this value: it is the type file managers give a directory (freedesktop shared-mime-info).
 */
export const FOLDER_MARKER_TYPE = 'inode/directory';
