/// <reference lib="webworker" />
/**
 * The file-crypto worker: encrypts and decrypts with the Coffer format off the main thread.
 * The vault master key (a non-extractable CryptoKey) comes with every call. The worker remembers only the keys of the
 * upload it last worked on, so that consecutive parts skip re-deriving them; terminating it on lock drops them.
 */
import * as Comlink from 'comlink';
import {
  createEncryptor,
  fileObjectParts,
  headerLength,
  openFileObject,
  openHeader,
  openNames,
  reopenEncryptor,
  sealName,
  type Encryptor,
  type FileMetadata,
  type FormatErrorCode,
  type Identity,
  type NamedObject,
  type OpenedFile,
  type VaultKeys,
} from '../format';
import { fileMetadata } from './file-metadata';
import { partOutbox, type UploadKey } from './upload/part-outbox';
import { registerWorkerErrors } from './worker-errors';

let current: { header: Uint8Array; encryptor: Encryptor } | undefined;
let reading: { header: Uint8Array; opened: OpenedFile } | undefined;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * What opens a file: bytes are the file's own key (a share link, a guest's upload); a CryptoKey is the vault master
 * key; VaultKeys are the vault's keys during an unfinished key rotation (format SPEC section 6.2).
 */
export type FileOpener = UploadKey;

function identityOf(key: FileOpener): Identity {
  if (key instanceof Uint8Array) return { type: 'file-key', fileKey: key };
  if (key instanceof CryptoKey) return { type: 'vault', masterKey: key };
  return { type: 'vault', ...key };
}

/** The encryptor of a header, reopened with the vault key, or with the file key itself (a guest's upload to a public key). */
async function encryptorFor(header: Uint8Array, key: FileOpener): Promise<Encryptor> {
  if (current && sameBytes(current.header, header)) return current.encryptor;
  const encryptor = await reopenEncryptor(header, identityOf(key));
  current = { header: header.slice(), encryptor };
  return encryptor;
}

/** Reads the header of a Coffer object held in a Blob and opens it with the vault key(s). */
async function openBlobHeader(ciphertext: Blob, keys: CryptoKey | VaultKeys): Promise<OpenedFile> {
  const prefix = new Uint8Array(await ciphertext.slice(0, 4096).arrayBuffer());
  const length = headerLength(prefix);
  const header = length <= prefix.length ? prefix : new Uint8Array(await ciphertext.slice(0, length).arrayBuffer());
  return openHeader(header, identityOf(keys));
}

/** A renamed file's new token for the same object (undefined: too long for a key) and the metadata it then has. */
export interface RenamedFile {
  token: string | undefined;
  metadata: FileMetadata;
}

/**
 * Opens chunk `index` of a file whose header is given (parsed once per file), as a buffer of its own: the plaintext's
 * own buffer when it holds just this chunk, so moving it leaves no copy or garbage in this worker.
 */
async function openChunk(header: Uint8Array, key: FileOpener, index: number, sealed: Uint8Array): Promise<Uint8Array> {
  if (!reading || !sameBytes(reading.header, header)) {
    reading = { header: header.slice(), opened: await openHeader(header, identityOf(key)) };
  }
  const plaintext = await reading.opened.decryptChunk(index, sealed);
  return plaintext.byteOffset === 0 && plaintext.byteLength === plaintext.buffer.byteLength ? plaintext : plaintext.slice();
}

const api = {
  /** Starts a file: a fresh file key wrapped to the vault, and the header that carries it (the key stays inside). */
  async createHeader(file: File, masterKey: CryptoKey, name: string): Promise<Uint8Array> {
    const encryptor = await createEncryptor({ metadata: fileMetadata(file, name), recipients: [{ type: 'vault', masterKey }] });
    current = { header: encryptor.header.slice(), encryptor };
    return encryptor.header;
  },

  /** Encrypts a whole (small) file to the vault key, as one Blob. */
  async encryptFile(file: File, masterKey: CryptoKey, name: string = file.name): Promise<Blob> {
    const encryptor = await createEncryptor({ metadata: fileMetadata(file, name), recipients: [{ type: 'vault', masterKey }] });
    const blob = await new Response(file.stream().pipeThrough(encryptor.stream())).blob();
    if (blob.size !== encryptor.encryptedSize(file.size)) {
      throw new Error('the file changed while it was being encrypted: choose it again');
    }
    return blob;
  },

  ...partOutbox(encryptorFor),

  /**
   * Opens chunk `index` of a file whose header is given, with the vault key or the file key. Rejects unless the chunk
   * authenticates as exactly that chunk of that file (its position and whether it is the last are bound into the
   * nonce). Hands back the plaintext and the sealed chunk's buffer, both moved, not copied: WebCrypto copied the sealed
   * bytes when it was called, so the caller may fill that buffer with the next chunk.
   */
  async decryptChunk(
    header: Uint8Array,
    key: FileOpener,
    index: number,
    sealed: Uint8Array<ArrayBuffer>,
  ): Promise<{ plaintext: Uint8Array; buffer: ArrayBuffer }> {
    const plaintext = await openChunk(header, key, index, sealed);
    return Comlink.transfer({ plaintext, buffer: sealed.buffer }, [plaintext.buffer, sealed.buffer]);
  },

  /**
   * Seals a file's metadata into the n2 token of its object key: bound to the object's file id and to its header
   * (made before the upload, so known here). Undefined when too long for a key.
   */
  sealName(file: File, masterKey: CryptoKey, name: string, id: string, header: Uint8Array): Promise<string | undefined> {
    return sealName(masterKey, id, header, fileMetadata(file, name));
  },

  /**
   * A rename or move: checks the key's name against the object's header (a name that belongs to another file is not
   * carried on), then seals the header's metadata under the new name into an n2 token for the same id (undefined:
   * too long for a key).
   */
  async renameObject(header: Uint8Array, keys: VaultKeys, key: string, name: string): Promise<RenamedFile> {
    const { file } = await openFileObject(keys, key, header);
    const metadata = { ...file.metadata, name };
    // Sealed under the master key whichever key sealed the old name: the name key of a rotation's previous key goes
    // with it, and a rotation re-seals a file's name only together with its header (format SPEC section 6.2).
    return { token: await sealName(keys.masterKey, fileObjectParts(key).id, header.subarray(0, file.headerLength), metadata), metadata };
  },

  /**
   * Opens sealed-name tokens; the FormatError code of each one that does not open (the caller decides what it shows).
   * During a key rotation a token that does not open under the master key is tried under the previous one.
   */
  async openNames(objects: NamedObject[], keys: VaultKeys): Promise<(FileMetadata | FormatErrorCode)[]> {
    const opened = await openNames(keys.masterKey, objects);
    const previous = keys.previousMasterKey;
    if (previous !== undefined) {
      const missing = opened.flatMap((result, i) => (result === 'wrong-key' ? [i] : []));
      const retried = await openNames(previous, missing.map((i) => objects[i] as NamedObject));
      missing.forEach((at, n) => (opened[at] = retried[n] ?? 'wrong-key'));
    }
    return opened.map((result) => (typeof result === 'string' ? result : result.metadata));
  },

  /**
   * Authenticates the header of the vault object at `key` and checks the key's sealed name against it (format
   * openFileObject): the metadata the vault shows; a name that belongs to another file is FormatError 'name-mismatch'.
   */
  async openStoredFile(header: Uint8Array, keys: VaultKeys, key: string): Promise<FileMetadata> {
    return (await openFileObject(keys, key, header)).metadata;
  },

  /** Decrypts the metadata of an object from its first bytes (at least the whole header). */
  async readMetadata(header: Uint8Array, keys: CryptoKey | VaultKeys): Promise<FileMetadata> {
    return (await openHeader(header, identityOf(keys))).metadata;
  },

  /** Decrypts a whole object held in memory. Rejects, and yields no plaintext, unless every chunk authenticated. */
  async decryptBlob(ciphertext: Blob, keys: CryptoKey | VaultKeys): Promise<{ blob: Blob; metadata: FileMetadata }> {
    const opened = await openBlobHeader(ciphertext, keys);
    const plaintext = ciphertext.slice(opened.headerLength).stream().pipeThrough(opened.decryptStream());
    const blob = await new Response(plaintext).blob();
    return { blob: new Blob([blob], { type: opened.metadata.type }), metadata: opened.metadata };
  },
};

/** What the crypto worker offers, for the typed Comlink proxy on the main thread. */
export type CryptoWorkerApi = typeof api;

// Typed errors (FormatError with its code...) reach the page as the same classes.
registerWorkerErrors();
Comlink.expose(api);
