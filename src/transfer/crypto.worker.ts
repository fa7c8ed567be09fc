/// <reference lib="webworker" />
/**
 * The file-crypto worker: encrypts and decrypts files with the Coffer format off the main thread.
 * It holds no state: the vault master key (a non-extractable CryptoKey) comes with every call, so terminating the
 * worker on lock leaves nothing behind.
 */
import * as Comlink from 'comlink';
import { createEncryptor, headerLength, openHeader, type FileMetadata } from '../format';

/** Reads the header of a Coffer object held in a Blob and opens it with the vault key. */
async function openBlobHeader(ciphertext: Blob, masterKey: CryptoKey) {
  const prefix = new Uint8Array(await ciphertext.slice(0, 4096).arrayBuffer());
  const length = headerLength(prefix);
  const header = length <= prefix.length ? prefix : new Uint8Array(await ciphertext.slice(0, length).arrayBuffer());
  return openHeader(header, { type: 'vault', masterKey });
}

const api = {
  /** Encrypts a file to the vault key; the name kept in the encrypted metadata may differ from file.name (folders). */
  async encryptFile(file: File, masterKey: CryptoKey, name = file.name): Promise<Blob> {
    const metadata: FileMetadata = {
      name,
      type: file.type || 'application/octet-stream',
      size: file.size,
      modified: file.lastModified,
    };
    const encryptor = await createEncryptor({ metadata, recipients: [{ type: 'vault', masterKey }] });
    const blob = await new Response(file.stream().pipeThrough(encryptor.stream())).blob();
    if (blob.size !== encryptor.encryptedSize(file.size)) {
      throw new Error('the file changed while it was being encrypted: choose it again');
    }
    return blob;
  },

  /** Decrypts the metadata of an object from its first bytes (at least the whole header). */
  async readMetadata(header: Uint8Array, masterKey: CryptoKey): Promise<FileMetadata> {
    const opened = await openHeader(header, { type: 'vault', masterKey });
    return opened.metadata;
  },

  /**
   * Decrypts a whole object. The promise rejects, and no plaintext Blob exists, unless every chunk authenticated.
   */
  async decryptBlob(ciphertext: Blob, masterKey: CryptoKey): Promise<{ blob: Blob; metadata: FileMetadata }> {
    const opened = await openBlobHeader(ciphertext, masterKey);
    const plaintext = ciphertext.slice(opened.headerLength).stream().pipeThrough(opened.decryptStream());
    const blob = await new Response(plaintext).blob();
    return { blob: new Blob([blob], { type: opened.metadata.type }), metadata: opened.metadata };
  },
};

/** What the crypto worker offers, for the typed Comlink proxy on the main thread. */
export type CryptoWorkerApi = typeof api;

Comlink.expose(api);
