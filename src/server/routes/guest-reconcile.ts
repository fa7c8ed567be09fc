/**
 * Keeps a file request's counts true to S3. A guest multipart upload is counted (one file, its size) from its create
 * until it is completed - it stays counted - or aborted - it is given back. That must never hang on one request
 * finishing: an abort can be lost (a closing page's keepalive request that never arrives), cut off between S3's abort
 * and the record's update, or race a second abort of the same upload (the page's own and its keepalive one), which
 * then finds the upload gone. So whenever a request's counts are read or a new upload is reserved, the uploads its
 * record holds are checked against S3's uploads in progress under its inbox (ListMultipartUploads): one S3 no longer
 * holds is stored if its object exists, else gone and given back; one past its day (it takes no more parts) is
 * aborted and given back.
 */
import { GUEST_UPLOAD_SECONDS, INBOX_PREFIX } from '../../protocol/index.ts';
import { userPrefix, type RouteDeps } from '../context.ts';
import type { GuestUploadEntry, RequestRecord, RequestStore } from '../request-store.ts';
import { StorageError } from '../storage.ts';
import { requestNotFound } from './guest-checks.ts';
import { uploadsInProgress } from '../upload-plans.ts';

/** How long a guest upload takes parts. */
export const UPLOAD_MS = GUEST_UPLOAD_SECONDS * 1000;

/** What became of an upload S3 no longer holds in progress. */
export type UploadOutcome = 'stored' | 'gone';

/** The request's inbox in the owner's space (S3 key prefix). */
export const inboxPrefix = (record: RequestRecord): string => `${userPrefix({ id: record.owner })}${INBOX_PREFIX}${record.id}/`;

/** The S3 key of the inbox object named by `receipt`. */
export const inboxKey = (record: RequestRecord, receipt: string): string => `${inboxPrefix(record)}${receipt}`;

/** Whether an upload's day is over: it takes no more parts. */
export const isPastItsDay = (entry: GuestUploadEntry, now: number): boolean => Date.parse(entry.startedAt) + UPLOAD_MS <= now;

/** Stored when the upload's object exists (it was completed), else gone. */
export async function outcomeOf(deps: RouteDeps, key: string): Promise<UploadOutcome> {
  return (await deps.storage.headObject(key)) === undefined ? 'gone' : 'stored';
}

/**
 * The record without upload `receipt`, if that is still `entry`'s: a stored upload keeps its file and bytes
 * counted, a gone one gives them back. Settling the same upload twice changes nothing the second time.
 */
export function settle(current: RequestRecord, receipt: string, entry: GuestUploadEntry, outcome: UploadOutcome): RequestRecord {
  if (current.uploads[receipt]?.uploadId !== entry.uploadId) return current;
  const uploads = Object.fromEntries(Object.entries(current.uploads).filter(([name]) => name !== receipt));
  if (outcome === 'stored') return { ...current, uploads };
  return { ...current, uploads, files: current.files - 1, bytes: current.bytes - entry.size };
}

/** Ends the owner's quota reservation and the plan of a guest upload that is over. */
export async function forgetUpload(deps: RouteDeps, record: RequestRecord, entry: GuestUploadEntry, outcome: UploadOutcome): Promise<void> {
  const owner = userPrefix({ id: record.owner });
  if (outcome === 'stored') deps.usage.land(owner, entry.uploadId, entry.size);
  else deps.usage.release(owner, entry.uploadId);
  await deps.plans.remove(owner, entry.uploadId).catch(() => undefined); // otherwise garbage that usage.ts removes
}

/**
 * Settles one upload on the record and, if this call settled it (not a concurrent one), ends its reservation and plan.
 * Resolves the record after; 404 `request_not_found` when the record is gone.
 */
export async function settleUpload(
  deps: RouteDeps,
  requests: RequestStore,
  record: RequestRecord,
  [receipt, entry]: [string, GuestUploadEntry],
  outcome: UploadOutcome,
): Promise<RequestRecord> {
  // Set inside update's callback, which TypeScript's narrowing does not follow.
  let mine = false as boolean;
  const after = await requests.update(record.id, (current) => {
    mine = current.uploads[receipt]?.uploadId === entry.uploadId;
    return settle(current, receipt, entry, outcome);
  });
  if (after === undefined) throw requestNotFound();
  if (mine) await forgetUpload(deps, record, entry, outcome);
  return after;
}

/** Aborts an upload in S3; one S3 no longer holds is fine. */
export async function abortInS3(deps: RouteDeps, key: string, uploadId: string): Promise<void> {
  try {
    await deps.storage.abortMultipart({ key, uploadId });
  } catch (error) {
    if (!(error instanceof StorageError && error.kind === 'upload_not_found')) throw error;
  }
}

/** The record with every upload that is over settled (see the module comment); the record itself when none is. */
export async function reconcileRequest(deps: RouteDeps, requests: RequestStore, record: RequestRecord): Promise<RequestRecord> {
  const entries = Object.entries(record.uploads);
  if (entries.length === 0) return record;
  const inProgress = await uploadsInProgress(deps.storage, inboxPrefix(record));
  const now = deps.clock();
  const over: [string, GuestUploadEntry, UploadOutcome][] = [];
  for (const [receipt, entry] of entries) {
    const key = inboxKey(record, receipt);
    if (inProgress.get(entry.uploadId) === key) {
      if (!isPastItsDay(entry, now)) continue;
      await abortInS3(deps, key, entry.uploadId);
    }
    // Listed first, then looked for: an upload completed in between is found stored, never given back twice.
    over.push([receipt, entry, await outcomeOf(deps, key)]);
  }
  if (over.length === 0) return record;
  // Settled here (not by a concurrent complete or abort, which then ends the reservation itself); set by the last try.
  let mine: typeof over = [];
  const settled = await requests.update(record.id, (current) => {
    mine = over.filter(([receipt, entry]) => current.uploads[receipt]?.uploadId === entry.uploadId);
    return mine.reduce((next, [receipt, entry, outcome]) => settle(next, receipt, entry, outcome), current);
  });
  for (const [, entry, outcome] of mine) await forgetUpload(deps, record, entry, outcome);
  return settled ?? record;
}
