/// <reference lib="webworker" />
/**
 * The file-request worker: the vault's recipient key pair, a guest's encryption to the owner's public key, and the
 * owner's decryption of what guests sent. Keys come with every call; nothing is remembered between calls.
 */
import * as Comlink from 'comlink';
import {
  createEncryptor,
  createRecipientKeyPair,
  headerLength,
  openHeader,
  openRecipientKeyPair,
  recipientKeyFingerprint,
  type FileMetadata,
  type RecipientIdentity,
} from '../format';

async function openBlob(ciphertext: Blob, identity: RecipientIdentity) {
  const prefix = new Uint8Array(await ciphertext.slice(0, 4096).arrayBuffer());
  const length = headerLength(prefix);
  const header = length <= prefix.length ? prefix : new Uint8Array(await ciphertext.slice(0, length).arrayBuffer());
  return openHeader(header, identity);
}

const api = {
  /** A fresh key pair for the vault: the object to store (private key sealed) and its public key. */
  createKeyPair: (masterKey: CryptoKey) => createRecipientKeyPair(masterKey),

  /** Opens the stored key pair with the vault key; the private key stays non-extractable. */
  openKeyPair: (masterKey: CryptoKey, object: Uint8Array): Promise<RecipientIdentity> => openRecipientKeyPair(masterKey, object),

  /** The fingerprint people compare: eight groups of four hex digits. */
  fingerprint: (publicKey: Uint8Array): Promise<string> => recipientKeyFingerprint(publicKey),

  /** Encrypts a file to a recipient public key alone (the guest cannot open it again), as one Blob. */
  async encryptForRecipient(file: File, publicKey: Uint8Array, name: string): Promise<Blob> {
    const metadata: FileMetadata = { name, type: file.type || 'application/octet-stream', size: file.size, modified: file.lastModified };
    const encryptor = await createEncryptor({ metadata, recipients: [{ type: 'public-key', publicKey }] });
    const blob = await new Response(file.stream().pipeThrough(encryptor.stream())).blob();
    if (blob.size !== encryptor.encryptedSize(file.size)) throw new Error('the file changed while it was being encrypted: choose it again');
    return blob;
  },

  /** Decrypts a guest's file. Rejects, and yields no plaintext, unless every chunk authenticated. */
  async decrypt(ciphertext: Blob, identity: RecipientIdentity): Promise<{ file: File; metadata: FileMetadata }> {
    const opened = await openBlob(ciphertext, identity);
    const plaintext = await new Response(ciphertext.slice(opened.headerLength).stream().pipeThrough(opened.decryptStream())).blob();
    const { name, type, modified } = opened.metadata;
    return { file: new File([plaintext], name.split('/').at(-1) ?? name, { type, lastModified: modified }), metadata: opened.metadata };
  },

  /** A guest file's name and details from its first bytes (at least the whole header). */
  async readMetadata(header: Uint8Array, identity: RecipientIdentity): Promise<FileMetadata> {
    return (await openHeader(header, identity)).metadata;
  },
};

/** What the file-request worker offers, for the typed Comlink proxy on the main thread. */
export type InboxWorkerApi = typeof api;

Comlink.expose(api);
