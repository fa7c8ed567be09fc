/** createEncryptor: header for a set of recipients, then a streaming or per-chunk payload. */
import { concat, u64 } from './bytes';
import { FILE_SALT_LENGTH, HEADER_PREFIX_LENGTH, KEY_LENGTH } from './constants';
import { openHeader } from './decrypt';
import { buildHeader, parseHeader } from './header';
import { deriveChunkDigestKey, deriveFileKeys, systemRandom, type FileKeys, type Random } from './keys';
import { encodeMetadata } from './metadata';
import { chunkCount, chunkPlainLength, encryptTransform, payloadLength, sealChunk } from './payload';
import { wrapFileKey } from './stanzas';
import type { FileMetadata, Identity, Recipient } from './types';

/** Options of createEncryptor. */
export interface EncryptorOptions {
  metadata: FileMetadata;
  recipients: Recipient[];
  /** A caller-chosen 32-byte file key (e.g. to re-create a share link); random if absent. */
  fileKey?: Uint8Array;
}

/** Encrypts one file: its header is fixed at creation; the payload is deterministic per chunk index. */
export interface Encryptor {
  /** Complete header bytes. */
  readonly header: Uint8Array<ArrayBuffer>;
  /** Raw 32-byte file key (what a passwordless share link carries). */
  readonly fileKey: Uint8Array<ArrayBuffer>;
  /** Total object size (header + payload) for a plaintext size. */
  encryptedSize(plaintextSize: number): number;
  /** Plaintext (any chunking, exactly metadata.size bytes) -> header, then payload. */
  stream(): TransformStream<Uint8Array, Uint8Array>;
  /** Seals chunk `index` alone (for multipart re-sends): same inputs, same bytes. */
  encryptChunk(index: number, plaintext: Uint8Array, last: boolean): Promise<Uint8Array<ArrayBuffer>>;
  /**
   * The chunk digest of SPEC 4.4: HMAC-SHA-256 of a chunk's index and plaintext under a subkey of this file's key,
   * which a writer records before a sealed chunk first leaves it and compares before sealing that index again.
   */
  digestChunk(index: number, plaintext: Uint8Array): Promise<Uint8Array<ArrayBuffer>>;
}

/** Total object size for a plaintext size and a header length. */
export function encryptedSize(plaintextSize: number, headerLength: number): number {
  if (!Number.isSafeInteger(headerLength) || headerLength < HEADER_PREFIX_LENGTH) throw new RangeError('format: bad header length');
  return headerLength + payloadLength(plaintextSize);
}

/** Creates an encryptor; `random` is injectable only for the deterministic test-vector generator. */
export async function createEncryptor(opts: EncryptorOptions, random: Random = systemRandom): Promise<Encryptor> {
  if (opts.recipients.length === 0) throw new RangeError('format: at least one recipient is needed');
  const fileKey = new Uint8Array(opts.fileKey ?? random(KEY_LENGTH));
  if (fileKey.length !== KEY_LENGTH) throw new RangeError('format: a file key is 32 bytes');
  const metadata = encodeMetadata(opts.metadata);
  const size = opts.metadata.size;
  const salt = random(FILE_SALT_LENGTH);
  const keys = await deriveFileKeys(fileKey, salt);
  const stanzas = [];
  for (const recipient of opts.recipients) stanzas.push(await wrapFileKey(recipient, fileKey, random));
  return encryptorOf(await buildHeader(keys, salt, stanzas, metadata), fileKey, salt, keys, size);
}

/**
 * An encryptor for a file whose header already exists (e.g. resuming a multipart upload after a reload): it
 * authenticates the header with `identity` and then seals chunks exactly as the original encryptor did.
 */
export async function reopenEncryptor(header: Uint8Array, identity: Identity): Promise<Encryptor> {
  const opened = await openHeader(header, identity);
  const bytes = header.slice(0, opened.headerLength);
  const { salt } = parseHeader(bytes);
  const keys = await deriveFileKeys(opened.fileKey, salt);
  return encryptorOf(bytes, opened.fileKey, salt, keys, opened.metadata.size);
}

function encryptorOf(header: Uint8Array<ArrayBuffer>, fileKey: Uint8Array, salt: Uint8Array, keys: FileKeys, size: number): Encryptor {
  const count = chunkCount(size);
  // Derived on first use: only a resumable upload digests its chunks.
  let digestKey: CryptoKey | undefined;
  return {
    header,
    fileKey: fileKey.slice(),
    encryptedSize: (plaintextSize) => encryptedSize(plaintextSize, header.length),
    stream: () => encryptTransform(keys.payload, size, header),
    encryptChunk(index, plaintext, last) {
      if (!Number.isSafeInteger(index) || index < 0 || index >= count) throw new RangeError(`format: chunk ${index} of ${count}`);
      if (last !== (index === count - 1)) throw new RangeError(`format: chunk ${index} of ${count} has last=${!last}`);
      if (plaintext.length !== chunkPlainLength(size, index)) throw new RangeError(`format: chunk ${index} must be ${chunkPlainLength(size, index)} bytes`);
      return sealChunk(keys.payload, index, last, plaintext);
    },
    async digestChunk(index, plaintext) {
      if (!Number.isSafeInteger(index) || index < 0 || index >= count) throw new RangeError(`format: chunk ${index} of ${count}`);
      // The index is bound in, so equal chunks of one file do not show as equal digests. The copy also lets the caller
      // reuse its buffer at once, as with encryptChunk.
      const data = concat(u64(index), plaintext);
      digestKey ??= await deriveChunkDigestKey(fileKey, salt);
      return new Uint8Array(await crypto.subtle.sign('HMAC', digestKey, data));
    },
  };
}
