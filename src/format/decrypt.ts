/** openHeader (authenticate a header for an identity), random access, and whole-object decryption. */
import { concat } from './bytes';
import { CHUNK_SIZE, HEADER_PREFIX_LENGTH } from './constants';
import { FormatError } from './errors';
import { headerLength, parseHeader, verifyMac, type ParsedHeader } from './header';
import { deriveFileKeys, openOnce, type FileKeys } from './keys';
import { decodeMetadata } from './metadata';
import { chunkCount, decryptTransform, openChunk, payloadOpener, type PayloadOpener } from './payload';
import { ciphertextRange, sealedChunkLength } from './ranges';
import { stanzaTypeFor, unwrapFileKey } from './stanzas';
import type { FileMetadata, Identity } from './types';

/** A file whose header authenticated: metadata, and ways to decrypt its payload. */
export interface OpenedFile {
  readonly headerLength: number;
  readonly metadata: FileMetadata;
  readonly fileKey: Uint8Array<ArrayBuffer>;
  /** Payload bytes (after the header), any chunking -> plaintext; errors on truncation or tampering. */
  decryptStream(): TransformStream<Uint8Array, Uint8Array>;
  /** Absolute object byte range [start, end) to fetch for plaintext [plainStart, plainEndExclusive). */
  ciphertextRange(plainStart: number, plainEndExclusive: number): { start: number; end: number; firstChunk: number };
  /** Decrypts the bytes of a ciphertextRange and returns exactly the requested plaintext. */
  decryptRange(ciphertext: Uint8Array, firstChunk: number, plainStart: number, plainEndExclusive: number): Promise<Uint8Array<ArrayBuffer>>;
  /**
   * Opens sealed chunk `index` (exactly its sealed length) and returns its plaintext; the final chunk is opened with
   * the last-chunk flag. Unlike a plaintext range, this reaches the one empty chunk of an empty file (SPEC 4.4).
   */
  decryptChunk(index: number, sealed: Uint8Array): Promise<Uint8Array<ArrayBuffer>>;
}

async function findFileKey(header: ParsedHeader, identity: Identity): Promise<{ fileKey: Uint8Array; keys: FileKeys }> {
  const candidates: (() => Promise<Uint8Array | undefined>)[] = [];
  if (identity.type === 'file-key') {
    candidates.push(() => Promise.resolve(identity.fileKey));
  } else {
    const type = stanzaTypeFor(identity);
    const matching = header.stanzas.filter((s) => s.type === type);
    if (matching.length === 0) throw new FormatError('no-matching-recipient', `it has no ${type} stanza`);
    for (const stanza of matching) candidates.push(() => unwrapFileKey(stanza, identity));
  }
  for (const candidate of candidates) {
    const fileKey = await candidate();
    if (fileKey?.length !== 32) continue;
    const keys = await deriveFileKeys(fileKey, header.salt);
    if (await verifyMac(keys, header)) return { fileKey, keys };
  }
  throw new FormatError('wrong-key');
}

/** Authenticates a header (at least headerLength bytes; extra bytes are ignored) for an identity. */
export async function openHeader(bytes: Uint8Array, identity: Identity): Promise<OpenedFile> {
  return (await open(bytes, identity)).file;
}

async function open(bytes: Uint8Array, identity: Identity): Promise<{ file: OpenedFile; keys: FileKeys }> {
  const header = parseHeader(bytes);
  const { fileKey, keys } = await findFileKey(header, identity);
  const plainMetadata = await openOnce(keys.metadata, header.sealedMetadata);
  if (plainMetadata === undefined) throw new FormatError('malformed-header', 'metadata does not open under an authentic header');
  const metadata = decodeMetadata(plainMetadata);
  return { file: openedFile(header.length, metadata, fileKey, keys), keys };
}

function openedFile(length: number, metadata: FileMetadata, fileKey: Uint8Array, keys: FileKeys): OpenedFile {
  const { size } = metadata;
  const count = chunkCount(size);
  const range = (plainStart: number, plainEnd: number): { start: number; end: number; firstChunk: number } => {
    const { start, end, firstChunk } = ciphertextRange(length, size, plainStart, plainEnd);
    return { start, end, firstChunk };
  };
  return {
    headerLength: length,
    metadata,
    fileKey: fileKey.slice(),
    decryptStream: () => decryptTransform(keys.payload, size),
    ciphertextRange: range,
    async decryptRange(ciphertext, firstChunk, plainStart, plainEnd) {
      const expected = range(plainStart, plainEnd);
      if (firstChunk !== expected.firstChunk) throw new RangeError(`format: range starts at chunk ${expected.firstChunk}, not ${firstChunk}`);
      const want = expected.end - expected.start;
      if (ciphertext.length < want) throw new FormatError('truncated', `${ciphertext.length} of ${want} bytes`);
      if (ciphertext.length > want) throw new FormatError('trailing-data');
      const parts: Promise<Uint8Array<ArrayBuffer>>[] = [];
      for (let at = 0, index = firstChunk; at < want; index++) {
        const n = sealedChunkLength(size, index);
        parts.push(openChunk(keys.payload, index, index === count - 1, ciphertext.subarray(at, at + n)));
        at += n;
      }
      const offset = firstChunk * CHUNK_SIZE;
      const opened = await Promise.all(parts);
      // One chunk is returned in WebCrypto's own buffer: no copy, nothing left for the collector.
      const plaintext = opened.length === 1 ? (opened[0] as Uint8Array<ArrayBuffer>) : concat(...opened);
      return plaintext.subarray(plainStart - offset, plainEnd - offset);
    },
    async decryptChunk(index, sealed) {
      if (!Number.isSafeInteger(index) || index < 0 || index >= count) throw new RangeError(`format: no chunk ${index} in a file of ${count}`);
      const want = sealedChunkLength(size, index);
      if (sealed.length < want) throw new FormatError('truncated', `${sealed.length} of ${want} bytes`);
      if (sealed.length > want) throw new FormatError('trailing-data');
      return openChunk(keys.payload, index, index === count - 1, sealed);
    },
  };
}

/** Whole object (header + payload) in, plaintext out; `metadata` settles once the header authenticates or fails. */
export function decryptStream(identity: Identity): {
  readable: ReadableStream<Uint8Array>;
  writable: WritableStream<Uint8Array>;
  metadata: Promise<FileMetadata>;
} {
  let settle: { resolve: (m: FileMetadata) => void; reject: (e: unknown) => void } | undefined;
  const metadata = new Promise<FileMetadata>((resolve, reject) => (settle = { resolve, reject }));
  metadata.catch(() => undefined); // Callers may watch only the stream; the rejection is still theirs to see.
  let head = new Uint8Array(0);
  let opener: PayloadOpener | undefined;
  const fail = (e: unknown): never => {
    settle?.reject(e);
    throw e;
  };
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>({
    async transform(input, controller) {
      try {
        if (opener === undefined) {
          head = concat(head, input);
          if (head.length < HEADER_PREFIX_LENGTH) return;
          const length = headerLength(head);
          if (head.length < length) return;
          const { file, keys } = await open(head, identity);
          settle?.resolve(file.metadata);
          opener = payloadOpener(keys.payload, file.metadata.size);
          input = head.subarray(length);
          head = new Uint8Array(0);
        }
        await opener.push(input, (p) => controller.enqueue(p));
      } catch (e) {
        fail(e);
      }
    },
    flush(controller) {
      try {
        if (opener === undefined) {
          if (head.length > 0) headerLength(head);
          throw new FormatError('truncated', 'the header is incomplete');
        }
        opener.finish((p) => controller.enqueue(p));
      } catch (e) {
        fail(e);
      }
    },
  });
  return { readable, writable, metadata };
}
