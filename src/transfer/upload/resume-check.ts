/**
 * Before an upload goes on after a reload (or a pause): what S3 holds of it, and whether the file is still what was
 * sealed. S3's list of parts is the authority on what is stored - a part remembered here but not listed is sent
 * again - and the chunk digests recorded when parts were staged (SPEC 4.4) are the authority on what was sealed: the
 * file is read again and every recorded chunk checked, those of parts S3 holds included, so that an upload never
 * re-seals changed plaintext under its key nor completes into a mix of two versions. Reading the file again costs far
 * less than sending it (`npm run bench`: resumeCheckMiBps beside uploadEncryptedMiBps).
 */
import type { ApiClient } from '../api-client';
import type { CryptoPool } from '../workers';
import { ChunkLedger } from './chunk-ledger';
import type { UploadKey } from './part-outbox';
import { partRange } from './part-range';
import type { PartRecord, PendingUpload, ResumeStore } from './resume-store';

/** What an upload goes on from. */
export interface ResumeState {
  /** Parts S3 holds as they were sent: part number -> S3's ETag. Only these are not sent again. */
  confirmed: Map<number, string>;
  /** The digests of every chunk sealed so far. */
  ledger: ChunkLedger;
  /** The part records kept (ETags of parts S3 does not hold dropped). */
  records: Map<number, PartRecord>;
}

/** What checking needs. */
export interface ResumeCheckJob {
  api: ApiClient;
  pool: CryptoPool;
  store: ResumeStore;
  file: Blob;
  /** Opens the upload's header: the vault key, or the file key itself. */
  key: UploadKey;
  signal: AbortSignal;
}

/** Chunks one worker call digests (8 MiB of plaintext): small enough to stop soon after a difference. */
const RUN = 16;

/** ETags as S3 writes them, quoted or not. */
function sameEtag(a: string, b: string): boolean {
  const bare = (etag: string) => etag.replace(/^W\//, '').replace(/"/g, '').toLowerCase();
  return bare(a) === bare(b);
}

/**
 * True when every chunk of the file that `ledger` holds a digest of still has that digest: the file is read again,
 * those chunks only, by the pool's workers, and the check stops at the first difference.
 */
export async function fileStillMatches(
  job: Pick<ResumeCheckJob, 'pool' | 'file' | 'key' | 'signal'>,
  header: Uint8Array,
  ledger: ChunkLedger,
): Promise<boolean> {
  const runs = ledger.runs(RUN);
  let matches = true;
  const lane = async () => {
    for (let run = runs.shift(); run !== undefined && matches; run = runs.shift()) {
      job.signal.throwIfAborted();
      const { first, digests } = run;
      const now = await job.pool.run((w) => w.digestChunks(header, job.key, job.file, first, first + digests.length - 1));
      if (ledger.claim(first, now) !== undefined) matches = false;
    }
  };
  await Promise.all(Array.from({ length: Math.min(2 * job.pool.size, runs.length) }, lane));
  return matches;
}

/**
 * The state to resume `upload` from, or 'changed' when it cannot go on under its key: the file differs from what was
 * sealed, or S3 holds a part whose chunks have no recorded digests (nothing shows what they were sealed from).
 * Rejects with the endpoint's 404 when S3 no longer has the upload.
 */
export async function checkResume(job: ResumeCheckJob, upload: PendingUpload): Promise<ResumeState | 'changed'> {
  const listed = await job.api.multipart.listAllParts(upload.key, upload.uploadId);
  const records = await job.store.parts(upload.id);
  const ledger = ChunkLedger.of(records.values());
  if (!ledger) return 'changed';
  const rangeOf = (n: number) => partRange(upload.objectSize, upload.header.length, upload.partSize, n);
  // A record that does not cover its part's chunks (one kept before digests were) says nothing of what was sealed.
  for (const [n, record] of records) {
    if (!Number.isInteger(n) || n < 1 || n > upload.partCount) return 'changed';
    const range = rangeOf(n);
    if (record.firstChunk !== range.firstChunk || !ledger.covers(range.firstChunk, range.lastChunk)) return 'changed';
  }
  const confirmed = new Map<number, string>();
  for (const part of listed) {
    if (!Number.isInteger(part.partNumber) || part.partNumber < 1 || part.partNumber > upload.partCount) continue;
    const range = rangeOf(part.partNumber);
    if (part.size !== range.objectEnd - range.objectStart) continue; // Not what was sent: send it again.
    const etag = records.get(part.partNumber)?.etag;
    if (etag !== undefined && !sameEtag(etag, part.etag)) continue;
    if (!ledger.covers(range.firstChunk, range.lastChunk)) return 'changed';
    confirmed.set(part.partNumber, part.etag);
  }
  if (!(await fileStillMatches(job, upload.header, ledger))) return 'changed';
  for (const [n, record] of records) {
    if (record.etag === undefined || confirmed.has(n)) continue;
    const kept = { firstChunk: record.firstChunk, digests: record.digests };
    await job.store.putPart(upload.id, n, kept);
    records.set(n, kept);
  }
  return { confirmed, ledger, records };
}
