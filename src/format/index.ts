/**
 * The Coffer file format v1: the module's only public face. SPEC.md (beside this file) is normative.
 * Pure: WebCrypto and hash-wasm only, so it runs the same in a page, a worker and Node.
 */
export type { Argon2Params, FileMetadata, Identity, Recipient, VaultKeys } from './types';
export { argon2Key } from './argon2';
export {
  CHUNK_SIZE,
  DEFAULT_ARGON2,
  FOLDER_MARKER_TYPE,
  FORMAT_VERSION,
  HEADER_PREFIX_LENGTH,
  MAX_ARGON2,
  MAX_HEADER_LENGTH,
  SEALED_CHUNK_SIZE,
  TAG_LENGTH,
} from './constants';
export { FormatError, isFormatError, WRONG_VAULT_PASSPHRASE, type FormatErrorCode } from './errors';
export { headerLength } from './header';
export { chunkCount } from './payload';
export { chunkOffset, ciphertextRange, objectSize, sealedChunkLength, type CiphertextRange } from './ranges';
export { createEncryptor, encryptedSize, reopenEncryptor, type Encryptor, type EncryptorOptions } from './encrypt';
export { decryptStream, openHeader, type OpenedFile } from './decrypt';
export { replaceVaultStanzas, rewrapHeader, type Rewrapped } from './rewrap';
export {
  changeVaultPassphrase,
  createVault,
  finishVaultKeyRotation,
  inspectVault,
  openVault,
  rotateVaultKey,
  unlockVault,
  vaultState,
  vaultSubkey,
  type OpenedVault,
  type VaultState,
  type WriteOptions,
} from './vault';
export { generateRecipientKeyPair } from './public-key';
export {
  createRecipientKeyPair,
  KEYPAIR_MAGIC,
  KEYPAIR_VERSION,
  openRecipientKeyPair,
  recipientKeyFingerprint,
  recipientPublicKey,
  resealRecipientKeyPair,
  type RecipientIdentity,
} from './recipient-key';
export {
  addPasskey,
  inspectPasskeys,
  listPasskeys,
  PASSKEY_DOES_NOT_OPEN,
  passkeyNameProblem,
  removePasskey,
  unlockWithPasskey,
  type NewPasskey,
  type PasskeyInfo,
} from './passkeys';
export { MAX_PASSKEYS, PASSKEY_SALT_LENGTH, PASSKEYS_MAGIC, PASSKEYS_VERSION, PRF_OUTPUT_LENGTH } from './constants';
export { PASSWORD_WRAPPED_KEY_LENGTH, unwrapKeyWithPassword, wrapKeyWithPassword } from './password-key';
export {
  FILE_KEY_PREFIX,
  FILE_KEY_SEGMENT_LENGTH,
  fileObjectKey,
  fileObjectParts,
  HEADER_COMMITMENT_LENGTH,
  headerCommitment,
  MAX_SEALED_NAME_LENGTH,
  newFileId,
  openName,
  openNames,
  sealName,
  SEALED_NAME_VERSION,
  UNBOUND_NAME_VERSION,
  type NamedObject,
  type SealedName,
} from './names';
export { receiptCode } from './receipt';
export { checkNameBinding, openFileObject, type OpenedFileObject } from './file-object';
export { MAX_SHARE_NAME_LENGTH, openShareName, sealShareName, SHARE_NAME_VERSION, withShareName } from './share-name';
export { parseShareFragment, ShareFragmentError, type ShareFragment, type SharePart, type ShareSecret } from './share-fragment';
export { fromBase64url, toBase64url } from './bytes';
