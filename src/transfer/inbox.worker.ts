/// <reference lib="webworker" />
/**
 * The file-request worker: the vault's recipient key pair, a guest's encryption to the owner's public key, and the
 * owner's opening and re-wrapping of the headers of what guests sent. Keys come with every call; nothing is
 * remembered between calls.
 */
import * as Comlink from 'comlink';
import {
  createEncryptor,
  createRecipientKeyPair,
  openHeader,
  openRecipientKeyPair,
  receiptCode,
  recipientKeyFingerprint,
  rewrapHeader,
  sealName,
  type FileMetadata,
  type RecipientIdentity,
  type Rewrapped,
  type VaultKeys,
} from '../format';
import { registerWorkerErrors } from './worker-errors';

const api = {
  /** A fresh key pair for the vault: the object to store (private key sealed) and its public key. */
  createKeyPair: (masterKey: CryptoKey) => createRecipientKeyPair(masterKey),

  /**
   * Opens the stored key pair with the vault key; the private key stays non-extractable. During a key rotation the
   * pair may still be sealed under the previous key (format SPEC section 6.2): that is tried second.
   */
  async openKeyPair(keys: CryptoKey | VaultKeys, object: Uint8Array): Promise<RecipientIdentity> {
    if (keys instanceof CryptoKey) return openRecipientKeyPair(keys, object);
    const { masterKey, previousMasterKey } = keys;
    try {
      return await openRecipientKeyPair(masterKey, object);
    } catch (error) {
      if (previousMasterKey === undefined) throw error;
      return openRecipientKeyPair(previousMasterKey, object);
    }
  },

  /** The fingerprint people compare: eight groups of four hex digits. */
  fingerprint: (publicKey: Uint8Array): Promise<string> => recipientKeyFingerprint(publicKey),

  /**
   * Encrypts a file to a recipient public key alone (the guest cannot open it again), as one Blob, with its receipt
   * code (format SPEC section 12).
   */
  async encryptForRecipient(file: File, publicKey: Uint8Array, name: string): Promise<{ ciphertext: Blob; receipt: string }> {
    const metadata: FileMetadata = { name, type: file.type || 'application/octet-stream', size: file.size, modified: file.lastModified };
    const encryptor = await createEncryptor({ metadata, recipients: [{ type: 'public-key', publicKey }] });
    const blob = await new Response(file.stream().pipeThrough(encryptor.stream())).blob();
    if (blob.size !== encryptor.encryptedSize(file.size)) throw new Error('the file changed while it was being encrypted: choose it again');
    return { ciphertext: blob, receipt: receiptCode(encryptor.header) };
  },

  /**
   * Starts a large file for a guest's multipart upload: a header sealed to the owner's public key alone, and the file
   * key the crypto workers seal the parts with (it stays in the guest's browser; the guest cannot open the header), and
   * the file's receipt code.
   */
  async startForRecipient(file: File, publicKey: Uint8Array, name: string): Promise<{ header: Uint8Array; fileKey: Uint8Array; receipt: string }> {
    const metadata: FileMetadata = { name, type: file.type || 'application/octet-stream', size: file.size, modified: file.lastModified };
    const encryptor = await createEncryptor({ metadata, recipients: [{ type: 'public-key', publicKey }] });
    return { header: encryptor.header, fileKey: encryptor.fileKey, receipt: receiptCode(encryptor.header) };
  },

  /**
   * Opens a guest file's header with the recipient key: its details, the exact header bytes, and the file key that
   * the streaming download's crypto workers decrypt the chunks with (in the owner's browser only).
   */
  async openFile(header: Uint8Array, identity: RecipientIdentity): Promise<{ header: Uint8Array; fileKey: Uint8Array; metadata: FileMetadata }> {
    const opened = await openHeader(header, identity);
    return { header: header.slice(0, opened.headerLength), fileKey: opened.fileKey, metadata: opened.metadata };
  },

  /**
   * A guest file's header re-wrapped for the vault (SPEC section 13: same file key and payload, a vault stanza), and
   * the sealed-name token (section 11) of the vault object with file id `id` that begins with that new header:
   * bound to it, not to the inbox copy's (undefined when too long for a key). The token carries `name`, the path the
   * file is to have in the vault (the header keeps the guest's name, as after a rename), or the header's name.
   */
  async rewrapForVault(
    header: Uint8Array,
    identity: RecipientIdentity,
    masterKey: CryptoKey,
    id: string,
    name?: string,
  ): Promise<Rewrapped & { token: string | undefined }> {
    const rewrapped = await rewrapHeader(header, identity, [{ type: 'vault', masterKey }]);
    const metadata = name === undefined ? rewrapped.metadata : { ...rewrapped.metadata, name };
    return { ...rewrapped, token: await sealName(masterKey, id, rewrapped.header, metadata) };
  },

  /**
   * A guest file's name and details from its first bytes (at least the whole header), and its receipt code: computed
   * only once the header authenticated, so the owner sees the code of the file the guest sealed, not the storage's name.
   */
  async readMetadata(header: Uint8Array, identity: RecipientIdentity): Promise<{ metadata: FileMetadata; receipt: string }> {
    const opened = await openHeader(header, identity);
    return { metadata: opened.metadata, receipt: receiptCode(header) };
  },
};

/** What the file-request worker offers, for the typed Comlink proxy on the main thread. */
export type InboxWorkerApi = typeof api;

// Typed errors (FormatError with its code...) reach the page as the same classes.
registerWorkerErrors();
Comlink.expose(api);
