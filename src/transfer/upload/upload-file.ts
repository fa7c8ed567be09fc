/**
 * Uploads one file, encrypted, straight to S3. Small files go up in one PUT; larger ones as a multipart upload whose
 * parts are encrypted in the worker pool just before they are sent, several at a time, each retried on its own, and
 * remembered in IndexedDB as S3 confirms them so that choosing the same file again resumes where it stopped.
 */
import { MIN_PART_SIZE } from '../../protocol';
import { SEALED_CHUNK_SIZE, encryptedSize } from '../../format';
import { ApiError, type ApiClient } from '../api-client';
import { putObject } from '../objects';
import { readObjectHeader } from '../read-header';
import { TransferHttpError, httpError, isExpiredSignature, isTransient, withRetries } from '../retry';
import type { CryptoPool } from '../workers';
import { PartSigner } from './part-signer';
import { partRange, type PartRange } from './part-range';
import { pendingUploadId, type PendingUpload, type ResumeStore } from './resume-store';

/** Parts in flight at once, as Uppy. Measured here: encrypted upload took 1.21x plain with 6 (512 MiB), 1.54x with 4 (1 GiB). */
export const PARTS_IN_FLIGHT = 6;

/** Everything one upload needs. */
export interface UploadJob {
  api: ApiClient;
  pool: CryptoPool;
  /** The vault master key: each file gets a fresh header sealed to it. Required unless `sealed` is given. */
  masterKey?: CryptoKey;
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
  /** The object key for a new upload, given the header it begins with (empty when not encrypting). */
  newKey: (header: Uint8Array) => Promise<string>;
  signal: AbortSignal;
  /** Object bytes S3 has confirmed so far, of the total. */
  onProgress(confirmed: number, total: number): void;
  /** Called for each part PUT (for tests and diagnostics). */
  onPartSent?(partNumber: number): void;
  /**
   * false: the same machinery with encryption switched off - the plaintext goes up as it is. Only the transfer
   * benchmark uses it, as the baseline that isolates what encryption costs; the app always encrypts.
   */
  encrypt?: boolean;
}

function vaultKey(job: UploadJob): CryptoKey {
  if (job.masterKey === undefined) throw new Error('transfer: internal error: an upload needs the vault key or a sealed header');
  return job.masterKey;
}

/** Uploads a file and returns its object key. Rejects with the signal's reason when aborted (pause or cancel). */
export async function uploadFile(job: UploadJob): Promise<string> {
  if (job.file.size < MIN_PART_SIZE) return uploadSmall(job);
  await abandonChangedVersions(job);
  const upload = await resumeOrStart(job);
  return uploadParts(job, upload);
}

async function uploadSmall(job: UploadJob): Promise<string> {
  const blob = job.encrypt === false ? job.file : await job.pool.run((w) => w.encryptFile(job.file, vaultKey(job), job.name));
  const header = job.encrypt === false ? new Uint8Array(0) : await readObjectHeader(async (start, end) => new Uint8Array(await blob.slice(start, end).arrayBuffer()));
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

async function resumeOrStart(job: UploadJob): Promise<PendingUpload> {
  const id = pendingUploadId(job.owner, job.name, job.file);
  const known = await job.store.get(id);
  if (known) {
    try {
      // S3 is the authority on which parts it holds; the local list only fills in if it cannot say.
      const listed = await job.api.multipart.listAllParts(known.key, known.uploadId);
      for (const part of listed) {
        const expected = partRange(known.objectSize, known.header.length, known.partSize, part.partNumber);
        if (part.size === expected.objectEnd - expected.objectStart) await job.store.putPart(id, part.partNumber, part.etag);
      }
      return known;
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error;
      await job.store.delete(id); // S3 no longer has that upload (aborted or expired): start over.
    }
  }
  const header =
    job.encrypt === false
      ? new Uint8Array(0)
      : (job.sealed?.header ?? (await job.pool.run((w) => w.createHeader(job.file, vaultKey(job), job.name))));
  const objectSize = job.encrypt === false ? job.file.size : encryptedSize(job.file.size, header.length);
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
  return upload;
}

async function uploadParts(job: UploadJob, upload: PendingUpload): Promise<string> {
  const confirmed = await job.store.parts(upload.id);
  const lengthOf = (n: number) => {
    const range = partRange(upload.objectSize, upload.header.length, upload.partSize, n);
    return range.objectEnd - range.objectStart;
  };
  let done = [...confirmed.keys()].reduce((sum, n) => sum + lengthOf(n), 0);
  job.onProgress(done, upload.objectSize);

  const queue = Array.from({ length: upload.partCount }, (_, i) => i + 1).filter((n) => !confirmed.has(n));
  const signer = new PartSigner(job.api, upload, () => queue);
  const retryOptions = (partNumber: number) => ({
    signal: job.signal,
    onRetry: (error: unknown) => (isExpiredSignature(error) ? signer.forget(partNumber) : undefined),
  });
  /** Plain baseline (benchmark only): the file's own bytes, sent from the page. */
  const sendPlain = (partNumber: number, range: PartRange) =>
    withRetries(async () => {
      const signed = await signer.get(partNumber);
      job.onPartSent?.(partNumber);
      const response = await fetch(signed.url, {
        method: 'PUT',
        body: job.file.slice(range.objectStart, range.objectEnd),
        headers: signed.headers,
        signal: job.signal,
      });
      if (!response.ok) throw await httpError(response, `store part ${partNumber}`);
      await response.arrayBuffer();
      const tag = response.headers.get('ETag');
      if (!tag) throw new Error('the storage hid the ETag header: its CORS rule must expose ETag (see README)');
      return tag;
    }, retryOptions(partNumber));
  /**
   * Encrypted: one worker reads the part's plaintext from the file, seals it and sends it itself, so the part's bytes
   * never pass through the page; a retry re-sends the same sealed bytes.
   */
  const sendSealed = (partNumber: number, range: PartRange) =>
    job.pool.run(async (w) => {
      const id = `${upload.uploadId}#${partNumber}`;
      await w.stagePart(id, upload.header, job.sealed?.fileKey ?? vaultKey(job), range, job.file);
      try {
        return await withRetries(async () => {
          const signed = await signer.get(partNumber);
          job.onPartSent?.(partNumber);
          const stop = () => void w.abortPart(id);
          job.signal.addEventListener('abort', stop, { once: true });
          const outcome = await w.putPart(id, signed.url, signed.headers).finally(() => job.signal.removeEventListener('abort', stop));
          if (outcome.ok) return outcome.etag;
          // fetch fails with a TypeError when the connection fails; the worker reports it as a value.
          if (outcome.network) throw new TypeError(outcome.message);
          if (outcome.status === 0) throw new Error(outcome.message);
          throw new TransferHttpError(outcome.status, outcome.s3Code, outcome.message, outcome.retryAfter, outcome.s3Message);
        }, retryOptions(partNumber));
      } finally {
        void w.dropPart(id);
      }
    });
  const sendPart = async (partNumber: number) => {
    const range = partRange(upload.objectSize, upload.header.length, upload.partSize, partNumber);
    const etag = job.encrypt === false ? await sendPlain(partNumber, range) : await sendSealed(partNumber, range);
    confirmed.set(partNumber, etag);
    await job.store.putPart(upload.id, partNumber, etag);
    done += range.objectEnd - range.objectStart;
    job.onProgress(done, upload.objectSize);
  };

  const lane = async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) await sendPart(next);
  };
  await Promise.all(Array.from({ length: Math.min(PARTS_IN_FLIGHT, queue.length) }, lane));

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
