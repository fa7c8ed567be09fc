/**
 * The upload side of a crypto worker: parts read, then sealed and kept here until sent (and re-sent on retry), so that
 * a part's bytes go from the worker straight to the network, never through the page; and the chunk digests that show
 * a part is sealed only from plaintext identical to any earlier sealing of its chunks (SPEC 4.4). A factory, not
 * module state, so that tests run the same code without a worker.
 */
import type { Encryptor, VaultKeys } from '../../format';
import { httpError } from '../retry';
import type { PartRange } from './part-range';
import * as parts from './seal-part';

/** What a worker's PUT of a part came to. */
export type PutOutcome =
  | { ok: true; etag: string }
  | { ok: false; network: boolean; status: number; s3Code?: string | undefined; s3Message?: string | undefined; message: string; retryAfter?: number | undefined };

/** The digests of the chunks a part overlaps, from chunk `firstChunk` on (none for a part of header bytes only). */
export interface PartDigests {
  firstChunk: number;
  digests: Uint8Array[];
}

/**
 * The key a header opens with: the vault master key (or the vault's keys during an unfinished key rotation, format SPEC
 * section 6.2), or the file key itself (a guest's upload to a public key).
 */
export type UploadKey = CryptoKey | Uint8Array | VaultKeys;

/** The part operations of a crypto worker; `encryptorFor` gives the encryptor of a header (cached by the worker). */
export function partOutbox(encryptorFor: (header: Uint8Array, key: UploadKey) => Promise<Encryptor>) {
  // Parts read and not yet sealed (with what seals them), sealed parts waiting to be sent (and re-sent on retry),
  // and requests in flight, by part id.
  const read = new Map<string, { plain: parts.PartPlaintext; header: Uint8Array; encryptor: Encryptor }>();
  const outbox = new Map<string, Blob>();
  const sending = new Map<string, AbortController>();
  return {
    /**
     * Reads the plaintext of one multipart part of `file` (this worker reads just what the part needs) and keeps it
     * here under `id` for sealPart; answers the digests of its chunks, for the caller to check before it is sealed.
     */
    async readPart(id: string, header: Uint8Array, key: UploadKey, range: PartRange, file: Blob): Promise<PartDigests> {
      const encryptor = await encryptorFor(header, key);
      const plain = await parts.readPart(encryptor, range, file);
      read.set(id, { plain, header, encryptor });
      return { firstChunk: range.firstChunk, digests: plain.digests };
    },

    /**
     * Seals the part read under `id` - exactly the plaintext whose digests readPart answered - and keeps it for
     * putPart. Returns its length.
     */
    async sealPart(id: string): Promise<number> {
      const held = read.get(id);
      if (!held) throw new Error(`transfer: internal error: part ${id} was not read`);
      read.delete(id);
      const part = await parts.sealPart(held.encryptor, held.header, held.plain);
      outbox.set(id, part);
      return part.size;
    },

    /** PUTs a staged part to a signed URL; says what S3 answered (errors are values: they cross the worker boundary intact). */
    async putPart(id: string, url: string, headers: Record<string, string>): Promise<PutOutcome> {
      const body = outbox.get(id);
      if (!body) return { ok: false, network: false, status: 0, message: `transfer: internal error: part ${id} is not staged` };
      const controller = new AbortController();
      sending.set(id, controller);
      try {
        // A Blob body, not bytes: the browser frees a Blob's copy when it is sent, while an ArrayBuffer body stays with
        // its request until a garbage collection (measured: renderer memory grew by the file's size, +1.8 GiB for 2 GiB).
        const response = await fetch(url, { method: 'PUT', body, headers, signal: controller.signal });
        if (!response.ok) {
          const error = await httpError(response, 'store a part');
          return { ok: false, network: false, status: error.status, s3Code: error.s3Code, s3Message: error.s3Message, message: error.message, retryAfter: error.retryAfter };
        }
        // Read the (empty) answer to its end: an unread response keeps its request, body and all, alive until a GC.
        await response.arrayBuffer();
        const etag = response.headers.get('ETag');
        if (!etag) return { ok: false, network: false, status: 0, message: 'the storage hid the ETag header: its CORS rule must expose ETag (see README)' };
        return { ok: true, etag };
      } catch (error) {
        return { ok: false, network: true, status: 0, message: error instanceof Error ? error.message : String(error) };
      } finally {
        sending.delete(id);
      }
    },

    /** Stops a part's request in flight. */
    abortPart(id: string): void {
      sending.get(id)?.abort();
    },

    /** Forgets a part, read or sealed. */
    dropPart(id: string): void {
      read.delete(id);
      outbox.delete(id);
    },

    /** The digests of chunks first..last of `file` as it is now, under the file key of `header` (see digestChunks). */
    async digestChunks(header: Uint8Array, key: UploadKey, file: Blob, first: number, last: number): Promise<Uint8Array[]> {
      return parts.digestChunks(await encryptorFor(header, key), file, first, last);
    },
  };
}
