/**
 * A guest's multipart uploads into a file request's inbox (docs/PROTOCOL.md, "Guest multipart uploads"). Unlike the
 * owner's stateless multipart routes, the endpoint keeps each guest upload in the request's record: its upload id,
 * the encrypted size reserved at create, and the part plan. Later calls name only the receipt and the upload id, so
 * a guest can never restate a larger size: every part URL is bound to that part's exact length from the stored plan,
 * and completion is checked against the stored plan and against what S3 lists. The record's counts follow what S3
 * holds, whatever request is lost (guest-reconcile.ts).
 */
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import {
  guestAbortSchema,
  guestCompleteSchema,
  guestMultipartRequestSchema,
  guestSignPartsSchema,
  MAX_OPEN_GUEST_UPLOADS,
  partLength,
  planParts,
  RECEIPT_PATTERN,
  type GuestMultipart,
} from '../../protocol/index.ts';
import { userPrefix, type AppEnv, type RouteDeps } from '../context.ts';
import { Problem, tooManyRequests } from '../problem.ts';
import { reserveQuota } from '../quota.ts';
import { readJson } from '../request-body.ts';
import type { GuestUploadEntry, RequestRecord, RequestStore } from '../request-store.ts';
import { signParts } from '../signing.ts';
import { StorageError, type StoredPart } from '../storage.ts';
import { checkGuestObjectSize, checkOpen, requestNotFound, requestWindow, reserveOne } from './guest-checks.ts';
import { abortInS3, inboxKey, isPastItsDay, outcomeOf, reconcileRequest, settleUpload, UPLOAD_MS } from './guest-reconcile.ts';

function uploadNotFound(): Problem {
  return new Problem(404, 'upload_not_found', 'no such upload in this file request: it was completed, cancelled or never started here');
}

/** The receipt's upload in this request's record, if `uploadId` is its id; 404 otherwise (another request's too). */
function entryOf(record: RequestRecord, receipt: string, uploadId: string): GuestUploadEntry {
  const entry = RECEIPT_PATTERN.test(receipt) ? record.uploads[receipt] : undefined;
  if (entry === undefined || entry.uploadId !== uploadId) throw uploadNotFound();
  return entry;
}

/** An upload that may still take parts: one day from its start (the README's lifecycle rule aborts it then). */
function checkFresh(entry: GuestUploadEntry, now: number): void {
  if (isPastItsDay(entry, now)) {
    throw new Problem(410, 'request_expired', 'This upload was started more than a day ago and takes no more parts: send the file again');
  }
}

/** How many of a record's uploads are still in their day. */
const openUploads = (record: RequestRecord, now: number): number => Object.values(record.uploads).filter((entry) => !isPastItsDay(entry, now)).length;

async function listAllParts(deps: RouteDeps, key: string, uploadId: string): Promise<Map<number, StoredPart>> {
  const found = new Map<number, StoredPart>();
  let after: number | undefined;
  do {
    const page = await deps.storage.listParts({ key, uploadId, ...(after === undefined ? {} : { after }) });
    for (const part of page.parts) found.set(part.partNumber, part);
    after = page.next;
  } while (after !== undefined);
  return found;
}

const unquote = (etag: string): string => etag.replace(/^"(.*)"$/, '$1');

/** The guest multipart routes, mounted under `/v1/public/requests`. `found` resolves the `:id` of the path. */
export function guestMultipartRoutes(deps: RouteDeps, requests: RequestStore, found: (c: Context<AppEnv>) => Promise<RequestRecord>) {
  async function changeRecord(id: string, change: (record: RequestRecord) => RequestRecord): Promise<RequestRecord> {
    const changed = await requests.update(id, change);
    if (changed === undefined) throw requestNotFound();
    return changed;
  }

  /** Starts the S3 upload and keeps its plan; undoes both when the record refuses it. */
  async function start(record: RequestRecord, size: number, chunkSize: number, now: number) {
    const owner = userPrefix({ id: record.owner });
    const plan = planParts(size, chunkSize);
    const receipt = randomBytes(16).toString('base64url');
    const key = inboxKey(record, receipt);
    const reservation = await reserveQuota(deps, owner, size);
    let uploadId: string | undefined;
    try {
      uploadId = await deps.storage.createMultipart(key);
      reservation.bind(uploadId);
      const entry: GuestUploadEntry = { uploadId, size, ...plan, startedAt: new Date(now).toISOString() };
      await deps.plans.save(owner, { key, ...entry });
      const reserved = await changeRecord(record.id, (current) => {
        checkOpen(current, deps.clock());
        if (openUploads(current, deps.clock()) >= MAX_OPEN_GUEST_UPLOADS) {
          throw tooManyRequests(`${MAX_OPEN_GUEST_UPLOADS} uploads are in progress on this request: finish or cancel one first`, 60);
        }
        return { ...reserveOne(current, size), uploads: { ...current.uploads, [receipt]: entry } };
      });
      return { receipt, uploadId, plan, reserved };
    } catch (error) {
      reservation.cancel();
      if (uploadId !== undefined) {
        await abortInS3(deps, key, uploadId).catch(() => undefined);
        deps.usage.release(owner, uploadId);
        await deps.plans.remove(owner, uploadId).catch(() => undefined);
      }
      throw error;
    }
  }

  return new Hono<AppEnv>()
    .post('/:id/multipart', async (c) => {
      const listed = await found(c);
      const { size, chunkSize } = await readJson(c, guestMultipartRequestSchema);
      const record = await reconcileRequest(deps, requests, listed);
      checkGuestObjectSize(deps, size);
      const now = deps.clock();
      checkOpen(record, now);
      reserveOne(record, size); // refuse early what cannot fit; counted for real when the record takes the upload
      const { receipt, uploadId, plan, reserved } = await start(record, size, chunkSize, now);
      const body: GuestMultipart = {
        receipt,
        uploadId,
        ...plan,
        expiresAt: new Date(Math.min(now + UPLOAD_MS, Date.parse(reserved.expiresAt))).toISOString(),
        filesLeft: reserved.maxFiles - reserved.files,
        bytesLeft: reserved.maxBytes - reserved.bytes,
      };
      return c.json(body, 201);
    })
    .post('/:id/multipart/:receipt/sign', async (c) => {
      const record = await found(c);
      const request = await readJson(c, guestSignPartsSchema);
      const entry = entryOf(record, c.req.param('receipt'), request.uploadId);
      const now = deps.clock();
      checkOpen(record, now);
      checkFresh(entry, now);
      const window = await requestWindow(deps, record, Date.parse(entry.startedAt) + UPLOAD_MS);
      const plan = { ...entry, key: inboxKey(record, c.req.param('receipt')) };
      return c.json(await signParts(deps, plan, request.partNumbers, window));
    })
    .post('/:id/multipart/:receipt/complete', async (c) => {
      const record = await found(c);
      const request = await readJson(c, guestCompleteSchema);
      const receipt = c.req.param('receipt');
      const entry = entryOf(record, receipt, request.uploadId);
      // Parts are strictly ascending (schema): as many as planned, ending at the last, means exactly 1..partCount.
      if (request.parts.length !== entry.partCount || request.parts.at(-1)?.partNumber !== entry.partCount) {
        throw new Problem(400, 'invalid_part', `this upload has ${entry.partCount} parts: complete it with all of them, 1 to ${entry.partCount}`);
      }
      const key = inboxKey(record, receipt);
      let stored: Map<number, StoredPart>;
      try {
        stored = await listAllParts(deps, key, entry.uploadId);
      } catch (error) {
        // A repeated complete whose first attempt assembled the object (its answer was lost): done, not 404.
        if (!(error instanceof StorageError && error.kind === 'upload_not_found')) throw error;
        const outcome = await outcomeOf(deps, key);
        await settleUpload(deps, requests, record, [receipt, entry], outcome);
        if (outcome === 'gone') throw uploadNotFound();
        return c.json({ receipt });
      }
      for (const { partNumber, etag } of request.parts) {
        const part = stored.get(partNumber);
        const expected = partLength(entry.size, entry.partSize, partNumber);
        if (part === undefined || unquote(part.etag) !== unquote(etag) || part.size !== expected) {
          throw new Problem(400, 'invalid_part', `part ${partNumber} is not the ${expected}-byte part uploaded for this upload`);
        }
      }
      await deps.storage.completeMultipart({ key, uploadId: entry.uploadId, parts: request.parts });
      await settleUpload(deps, requests, record, [receipt, entry], 'stored');
      return c.json({ receipt });
    })
    .post('/:id/multipart/:receipt/abort', async (c) => {
      const record = await found(c);
      const request = await readJson(c, guestAbortSchema);
      const receipt = c.req.param('receipt');
      const entry = entryOf(record, receipt, request.uploadId);
      const key = inboxKey(record, receipt);
      await abortInS3(deps, key, entry.uploadId);
      // Gone from S3 now, by this abort or an earlier one (a lost answer, the page's other abort, a lifecycle rule):
      // given back, unless it was completed first.
      const after = await settleUpload(deps, requests, record, [receipt, entry], await outcomeOf(deps, key));
      return c.json({ aborted: true as const, filesLeft: after.maxFiles - after.files, bytesLeft: after.maxBytes - after.bytes });
    });
}
