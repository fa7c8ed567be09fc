/// <reference lib="webworker" />
/**
 * The key-rotation worker (format SPEC section 6.2): tells which master key opens a file's header, re-wraps a header
 * and its name for the new master key, re-seals the recipient key pair, checks and finishes the settings object.
 * Keys come with every call; nothing is remembered between calls. Started for one rotation run, terminated after.
 */
import * as Comlink from 'comlink';
import {
  finishVaultKeyRotation,
  isFormatError,
  openFileObject,
  openHeader,
  openRecipientKeyPair,
  replaceVaultStanzas,
  resealRecipientKeyPair,
  sealName,
  vaultState,
  type FileMetadata,
  type VaultKeys,
} from '../format';

/** A vault's keys during a rotation: the new master key and the one before it. */
export type RotationKeys = Required<VaultKeys>;

/** Which of a rotation's keys opens a header. */
export type HeaderKey = 'current' | 'previous' | 'none';

/** What the re-wrapped name token of a file binds: its id, its new header and what it shows. */
export interface NamedFile {
  fileId: string;
  header: Uint8Array;
  metadata: FileMetadata;
}

/**
 * The ONE place a rotation seals a file's name token (SPEC section 11) for the new master key. It is given everything
 * a token may bind (the file id and the new header as well as the metadata), so that a token version bound to the
 * object changes this function only. Undefined when the metadata is too long for a key.
 */
export function sealRotatedName(masterKey: CryptoKey, file: NamedFile): Promise<string | undefined> {
  return sealName(masterKey, file.fileId, file.header, file.metadata);
}

async function opens(header: Uint8Array, masterKey: CryptoKey): Promise<FileMetadata | undefined> {
  try {
    return (await openHeader(header, { type: 'vault', masterKey })).metadata;
  } catch {
    return undefined;
  }
}


const api = {
  /** Which key opens the header: the current master key, the previous one, or neither. */
  async headerKey(header: Uint8Array, keys: RotationKeys): Promise<HeaderKey> {
    if (await opens(header, keys.masterKey)) return 'current';
    return (await opens(header, keys.previousMasterKey)) ? 'previous' : 'none';
  },

  /**
   * A file under the previous key, re-wrapped for the current one: its new header (same length), the name token for
   * its new object key `files/<fileId>.<token>`, and the authenticated plaintext size (the caller checks the stored
   * size against it before copying). The name is the old key's (a rename may have changed it since the upload) only
   * when it belongs to this object (SPEC section 11, either master key); a name moved here from another file is not
   * carried on into a token bound to the new header: the header's own name is.
   */
  async rewrapFile(header: Uint8Array, keys: RotationKeys, objectKey: string, fileId: string) {
    const authentic = await openHeader(header, { type: 'vault', masterKey: keys.previousMasterKey });
    const rewrapped = await replaceVaultStanzas(header, keys.previousMasterKey, keys.masterKey);
    const metadata = await openFileObject(keys, objectKey, header).then(
      (opened) => opened.metadata,
      (error: unknown) => {
        if (isFormatError(error, 'name-mismatch')) return authentic.metadata;
        throw error;
      },
    );
    const newToken = await sealRotatedName(keys.masterKey, { fileId, header: rewrapped.header, metadata });
    return { ...rewrapped, token: newToken, size: authentic.metadata.size };
  },

  /** The key pair object sealed for the current key, or null when it is already. */
  async resealKeyPair(object: Uint8Array, keys: RotationKeys): Promise<Uint8Array | null> {
    if (await openRecipientKeyPair(keys.masterKey, object).then(() => true, () => false)) return null;
    return resealRecipientKeyPair(object, keys.previousMasterKey, keys.masterKey);
  },

  /** Whether the key pair object opens with `masterKey` (read back after a write). */
  keyPairOpens: (object: Uint8Array, masterKey: CryptoKey): Promise<boolean> => openRecipientKeyPair(masterKey, object).then(() => true, () => false),

  /**
   * How the stored settings object stands to these keys: 'rotating' (its master key is ours and it still carries the
   * previous key), 'current' (ours, no previous key), 'other' (not our master key: changed elsewhere, or an older copy
   * restored), or 'unknown' (version 1, which nothing but the passphrase can check).
   */
  async settingsState(settings: Uint8Array, masterKey: CryptoKey): Promise<'rotating' | 'current' | 'other' | 'unknown'> {
    try {
      const state = await vaultState(settings, masterKey);
      if (state === null) return 'unknown';
      return state.previousMasterKey === undefined ? 'current' : 'rotating';
    } catch {
      return 'other';
    }
  },

  /** The settings object without the previous key (the rotation's last step); it must be `masterKey`'s. */
  finishSettings: (settings: Uint8Array, masterKey: CryptoKey): Promise<Uint8Array> => finishVaultKeyRotation(settings, masterKey),
};

/** What the key-rotation worker offers, for the typed Comlink proxy on the main thread. */
export type RotationWorkerApi = typeof api;

Comlink.expose(api);
