/**
 * Uploads one file, encrypted, straight to S3. Small files go up in one PUT; larger ones as a multipart upload whose
 * parts are encrypted in the worker pool just before they are sent, several at a time, each retried on its own, and
 * remembered in IndexedDB - the digests of their chunks before they are sent, their ETags once S3 confirms them - so
 * that choosing the same file again resumes where it stopped, if the file is still what was sealed (SPEC 4.4).
 */
import { MIN_PART_SIZE } from '../../protocol';
import { SEALED_CHUNK_SIZE, encryptedSize } from '../../format';
import { ApiError, type ApiClient } from '../api-client';
import { putObject } from '../objects';
import { readObjectHeader } from '../read-header';
import { TransferHttpError, isExpiredSignature, isTransient, withRetries } from '../retry';
import type { CryptoPool } from '../workers';
import { PartSigner } from './part-signer';
import { sendInLanes } from './part-lanes';
import { partRange, type PartRange } from './part-range';
import { ChunkLedger, FileChangedError } from './chunk-ledger';
import type { UploadKey } from './part-outbox';
import { checkResume, type ResumeState } from './resume-check';
import { pendingUploadId, type PendingUpload, type ResumeStore } from './resume-store';

export { PARTS_IN_FLIGHT } from './part-lanes';

/** Everything one upload needs. */
export interface UploadJob {
  api: ApiClient;
  pool: CryptoPool;
  /** The vault master key: each file gets a fresh header sealed to it. Required unless `sealed` is given. */
  masterKey?: CryptoKey;
  /**
   * During an unfinished key rotation, the previous master key: an upload started before the rotation (its header
   * sealed to that key) resumes with it, and the rotation re-wraps the file once it is stored.
   */
  previousMasterKey?: CryptoKey;
  /**
   * Instead of `masterKey`: a header made for another recipient - a guest's upload to a file request, sealed to the
   * owner's public key - and the file key that seals the chunks under it. Multipart only (files of MIN_PART_SIZE or more).
   */
  sealed?: { header: Uint8Array; fileKey: Uint8Array };
  store: ResumeStore;
  /** Endpoint and user: scopes remembered uploads. */
  owner: string;
  file: File;
  /** The name kept (encrypted) in the vault, with its folder path. */
  name: string;
  /** The object key for a new upload, given the header it begins with. */
  newKey: (header: Uint8Array) => Promise<string>;
  signal: AbortSignal;
  /** Object bytes S3 has confirmed so far, of the total. */
  onProgress(confirmed: number, total: number): void;
  /**
   * true when a known upload of the file starts being checked before it goes on (S3's list of its parts, then the
   * file read again and its chunk digests compared: seconds per GiB already staged), false when the check is over.
   */
  onChecking?(checking: boolean): void;
  /** Called for each part PUT (for tests and diagnostics). */
  onPartSent?(partNumber: number): void;
}

function vaultKey(job: UploadJob): CryptoKey {
  if (job.masterKey === undefined) throw new Error('transfer: internal error: an upload needs the vault key or a sealed header');
  return job.masterKey;
}

/** What reopens the header to seal parts: the guest's file key, else the vault's key(s) (both during a key rotation). */
function uploadKey(job: UploadJob): UploadKey {
  if (job.sealed) return job.sealed.fileKey;
  const masterKey = vaultKey(job);
  return job.previousMasterKey ? { masterKey, previousMasterKey: job.previousMasterKey } : masterKey;
}

/**
 * Uploads a file and returns its object key. Rejects with the signal's reason when aborted (pause or cancel), and with
 * a FileChangedError when the file changed while it was being sent (its upload is abandoned: choosing it again starts
 * over under a new key).
 */
export async function uploadFile(job: UploadJob): Promise<string> {
  if (job.file.size < MIN_PART_SIZE) return uploadSmall(job);
  await abandonChangedVersions(job);
  const { upload, state } = await resumeOrStart(job);
  try {
    return await uploadParts(job, upload, state);
  } catch (error) {
    if (error instanceof FileChangedError) await cancelPendingUpload(job.api, job.store, upload);
    throw error;
  }
}

async function uploadSmall(job: UploadJob): Promise<string> {
  const blob = await job.pool.run((w) => w.encryptFile(job.file, vaultKey(job), job.name));
  const header = await readObjectHeader(async (start, end) => new Uint8Array(await blob.slice(start, end).arrayBuffer()));
  const key = await job.newKey(header);
  job.onProgress(0, blob.size);
  await withRetries(() => putObject(job.api, key, blob, job.signal), { signal: job.signal });
  job.onProgress(blob.size, blob.size);
  return key;
}

/** An earlier upload of a file with this name but another size or date is of a different file: abort it. */
async function abandonChangedVersions(job: UploadJob): Promise<void> {
  const id = pendingUploadId(job.owner, job.name, job.file);
  for (const stale of await job.store.list(job.owner)) {
    if (stale.name === job.name && stale.id !== id) await cancelPendingUpload(job.api, job.store, stale);
  }
}

/**
 * The state a known upload of this file goes on from, or undefined when it cannot: S3 no longer has it, or the file is
 * not what was sealed (then the old upload is aborted, and the file starts over under a fresh key).
 */
async function resumeKnown(job: UploadJob, known: PendingUpload): Promise<ResumeState | undefined> {
  if (job.sealed !== undefined && sameBytes(job.sealed.header, known.header)) {
    // Starting over under the same key would re-seal chunks the digests of which are dropped with the old upload.
    throw new Error('transfer: internal error: a sealed header serves one upload only');
  }
  let state: ResumeState | 'changed';
  job.onChecking?.(true);
  try {
    state = await checkResume({ ...job, key: uploadKey(job) }, known);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
    await job.store.delete(known.id); // S3 no longer has that upload (aborted or expired): start over.
    return undefined;
  } finally {
    job.onChecking?.(false);
  }
  if (state !== 'changed') return state;
  await cancelPendingUpload(job.api, job.store, known);
  // A guest's header is made for one upload; the caller starts over with a new one.
  if (job.sealed !== undefined) throw new FileChangedError();
  return undefined;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

async function resumeOrStart(job: UploadJob): Promise<{ upload: PendingUpload; state: ResumeState }> {
  const id = pendingUploadId(job.owner, job.name, job.file);
  const known = await job.store.get(id);
  const state = known && (await resumeKnown(job, known));
  if (known && state) return { upload: known, state };
  const header = job.sealed?.header ?? (await job.pool.run((w) => w.createHeader(job.file, vaultKey(job), job.name)));
  const objectSize = encryptedSize(job.file.size, header.length);
  const created = await job.api.multipart.create({ key: await job.newKey(header), size: objectSize, chunkSize: SEALED_CHUNK_SIZE });
  const upload: PendingUpload = {
    id,
    owner: job.owner,
    name: job.name,
    size: job.file.size,
    lastModified: job.file.lastModified,
    key: created.key,
    uploadId: created.uploadId,
    header,
    objectSize,
    partSize: created.partSize,
    partCount: created.partCount,
    started: Date.now(),
  };
  await job.store.put(upload);
  return { upload, state: { confirmed: new Map(), ledger: new ChunkLedger(), records: new Map() } };
}

async function uploadParts(job: UploadJob, upload: PendingUpload, state: ResumeState): Promise<string> {
  const { confirmed, ledger, records } = state;
  const lengthOf = (n: number) => {
    const range = partRange(upload.objectSize, upload.header.length, upload.partSize, n);
    return range.objectEnd - range.objectStart;
  };
  let done = [...confirmed.keys()].reduce((sum, n) => sum + lengthOf(n), 0);
  job.onProgress(done, upload.objectSize);

  const queue = Array.from({ length: upload.partCount }, (_, i) => i + 1).filter((n) => !confirmed.has(n));
  const signer = new PartSigner(job.api, upload, () => queue);
  const retryOptions = (partNumber: number, signal: AbortSignal) => ({
    signal,
    onRetry: (error: unknown) => (isExpiredSignature(error) ? signer.forget(partNumber) : undefined),
  });
  /**
   * Encrypted: one worker reads the part's plaintext from the file, seals it and sends it itself, so the part's bytes
   * never pass through the page; a retry re-sends the same sealed bytes. Between reading and sealing, the digests of
   * the part's chunks are checked against those of every earlier sealing (of the chunk a neighbour shares at the
   * part's edge, or in an earlier session) and recorded before the first byte is sent (SPEC 4.4).
   */
  const sendSealed = (partNumber: number, range: PartRange, signal: AbortSignal) =>
    job.pool.run(async (w) => {
      const id = `${upload.uploadId}#${partNumber}`;
      try {
        const read = await w.readPart(id, upload.header, uploadKey(job), range, job.file);
        if (ledger.claim(read.firstChunk, read.digests) !== undefined) throw new FileChangedError();
        await w.sealPart(id);
        if (!records.has(partNumber)) {
          const record = { firstChunk: read.firstChunk, digests: read.digests };
          await job.store.putPart(upload.id, partNumber, record);
          records.set(partNumber, record);
        }
        signal.throwIfAborted();
        return await withRetries(async () => {
          const signed = await signer.get(partNumber);
          job.onPartSent?.(partNumber);
          const stop = () => void w.abortPart(id);
          signal.addEventListener('abort', stop, { once: true });
          const outcome = await w.putPart(id, signed.url, signed.headers).finally(() => signal.removeEventListener('abort', stop));
          if (outcome.ok) return outcome.etag;
          // fetch fails with a TypeError when the connection fails; the worker reports it as a value.
          if (outcome.network) throw new TypeError(outcome.message);
          if (outcome.status === 0) throw new Error(outcome.message);
          throw new TransferHttpError(outcome.status, outcome.s3Code, outcome.message, outcome.retryAfter, outcome.s3Message);
        }, retryOptions(partNumber, signal));
      } finally {
        void w.dropPart(id);
      }
    });
  const sendPart = async (partNumber: number, signal: AbortSignal) => {
    const range = partRange(upload.objectSize, upload.header.length, upload.partSize, partNumber);
    const etag = await sendSealed(partNumber, range, signal);
    confirmed.set(partNumber, etag);
    const record = records.get(partNumber);
    if (record) await job.store.putPart(upload.id, partNumber, { ...record, etag });
    done += range.objectEnd - range.objectStart;
    job.onProgress(done, upload.objectSize);
  };

  // The first part that fails for good stops the others (a changed file above all: nothing more is sent under its
  // key); every lane has stopped before this settles, so nothing of this run still writes the resume state after it.
  await sendInLanes(queue, job.signal, sendPart);

  // Only parts S3 listed when this upload resumed, or confirmed since: S3, not a local record, says what it holds.
  const parts = [...confirmed].sort(([a], [b]) => a - b).map(([partNumber, etag]) => ({ partNumber, etag }));
  await withRetries(() => job.api.multipart.complete({ key: upload.key, uploadId: upload.uploadId, parts }), {
    signal: job.signal,
    retryable: isTransient,
  });
  await job.store.delete(upload.id);
  return upload.key;
}

/** Abandons a pending upload: S3 frees its parts, and it is forgotten locally. */
export async function cancelPendingUpload(api: ApiClient, store: ResumeStore, upload: PendingUpload): Promise<void> {
  try {
    await api.multipart.abort({ key: upload.key, uploadId: upload.uploadId });
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
  }
  await store.delete(upload.id);
}

/** Abandons the pending upload of a file, if there is one. */
export async function cancelUploadOf(api: ApiClient, store: ResumeStore, owner: string, name: string, file: File): Promise<void> {
  const pending = await store.get(pendingUploadId(owner, name, file));
  if (pending) await cancelPendingUpload(api, store, pending);
}
