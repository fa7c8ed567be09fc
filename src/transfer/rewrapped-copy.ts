/**
 * Copies an object under a new header: `to` = `header` || the bytes of `from` after its first `oldHeaderLength` bytes.
 * This is how a received file moves into the vault once its header was re-wrapped for the vault (format SPEC section
 * 13): the payload's ciphertext is copied as it is - never decrypted, never whole in memory.
 *
 * Why through the browser and not S3's server-side copy: S3 cannot change the first bytes of an object in place, and
 * UploadPartCopy can only copy ranges into parts of at least 5 MiB, so the new header must travel in a first part the
 * client uploads anyway; a presigned UploadPartCopy would also need the endpoint to sign the copy source into the URL
 * (else the holder could copy any object of the bucket), which s3rver does not implement. So the bytes stream through
 * the owner's browser: ranged GETs of the old object, PUTs of the new object's parts (a multipart upload planned by
 * the endpoint, each part URL bound to its length), a few parts in flight, each retried on its own; a failure aborts
 * the upload, leaving nothing behind. Memory: about one part per part in flight.
 */
import { MIN_PART_SIZE } from '../protocol';
import { SEALED_CHUNK_SIZE } from '../format';
import type { ApiClient } from './api-client';
import { getObjectRange, putObject } from './objects';
import { httpError, isExpiredSignature, withRetries } from './retry';
import { PartSigner } from './upload/part-signer';

/** Parts copied at once. */
const PARTS_IN_FLIGHT = 4;

/** What to copy where. */
export interface RewrappedCopy {
  api: ApiClient;
  /** The source object's key and size. */
  from: string;
  fromSize: number;
  /** Bytes at the start of the source that the new header replaces. */
  oldHeaderLength: number;
  header: Uint8Array;
  /** The new object's key. */
  to: string;
  signal?: AbortSignal;
  /** Bytes of the new object stored so far, of its total. */
  onProgress?(stored: number, total: number): void;
}

/** The new object's bytes [start, end): header bytes, then source bytes shifted by the change of header length. */
async function bytesOf(copy: RewrappedCopy, start: number, end: number): Promise<Uint8Array> {
  const out = new Uint8Array(end - start);
  const headerEnd = Math.min(end, copy.header.length);
  if (start < headerEnd) out.set(copy.header.subarray(start, headerEnd));
  const from = Math.max(start, copy.header.length);
  if (from < end) {
    const shift = copy.oldHeaderLength - copy.header.length;
    const payload = await getObjectRange(copy.api, copy.from, from + shift, end + shift, copy.signal);
    if (payload.length !== end - from) throw new Error(`the received file is shorter than listed (${payload.length} of ${end - from} bytes)`);
    out.set(payload, from - start);
  }
  return out;
}

/** Copies; resolves once the new object is complete. The source is left as it is. */
export async function copyWithNewHeader(copy: RewrappedCopy): Promise<void> {
  const total = copy.header.length + copy.fromSize - copy.oldHeaderLength;
  if (copy.oldHeaderLength > copy.fromSize) throw new Error('the received file is shorter than its header');
  copy.onProgress?.(0, total);
  if (total < MIN_PART_SIZE) {
    const body = new Blob([(await bytesOf(copy, 0, total)) as Uint8Array<ArrayBuffer>]);
    await withRetries(() => putObject(copy.api, copy.to, body, copy.signal), copy.signal ? { signal: copy.signal } : {});
    copy.onProgress?.(total, total);
    return;
  }
  const created = await copy.api.multipart.create({ key: copy.to, size: total, chunkSize: SEALED_CHUNK_SIZE });
  const upload = { key: created.key, uploadId: created.uploadId, objectSize: total, partSize: created.partSize, partCount: created.partCount };
  const queue = Array.from({ length: created.partCount }, (_, i) => i + 1);
  const signer = new PartSigner(copy.api, upload, () => queue);
  const etags = new Map<number, string>();
  let stored = 0;
  const sendPart = async (partNumber: number) => {
    const start = (partNumber - 1) * created.partSize;
    const end = Math.min(total, start + created.partSize);
    const etag = await withRetries(
      async () => {
        const body = new Blob([(await bytesOf(copy, start, end)) as Uint8Array<ArrayBuffer>]);
        const signed = await signer.get(partNumber);
        const response = await fetch(signed.url, { method: 'PUT', body, headers: signed.headers, ...(copy.signal ? { signal: copy.signal } : {}) });
        if (!response.ok) throw await httpError(response, `store part ${partNumber}`);
        await response.arrayBuffer();
        const tag = response.headers.get('ETag');
        if (!tag) throw new Error('the storage hid the ETag header: its CORS rule must expose ETag (see README)');
        return tag;
      },
      { ...(copy.signal ? { signal: copy.signal } : {}), onRetry: (error: unknown) => (isExpiredSignature(error) ? signer.forget(partNumber) : undefined) },
    );
    etags.set(partNumber, etag);
    stored += end - start;
    copy.onProgress?.(stored, total);
  };
  const lane = async () => {
    try {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) await sendPart(next);
    } catch (error) {
      queue.length = 0; // the other lanes stop after their current part
      throw error;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(PARTS_IN_FLIGHT, queue.length) }, lane));
    const parts = [...etags].sort(([a], [b]) => a - b).map(([partNumber, etag]) => ({ partNumber, etag }));
    await copy.api.multipart.complete({ key: upload.key, uploadId: upload.uploadId, parts });
  } catch (error) {
    await copy.api.multipart.abort({ key: upload.key, uploadId: upload.uploadId }).catch(() => undefined);
    throw error;
  }
}
