/**
 * A guest's multipart uploads into a file request's inbox (docs/PROTOCOL.md, "Guest multipart uploads"). Unlike the
 * owner's stateless multipart routes, the endpoint keeps each guest upload in the request's record: its upload id,
 * the encrypted size reserved at create, and the part plan. Later calls name only the receipt and the upload id, so
 * a guest can never restate a larger size: every part URL is bound to that part's exact length from the stored plan,
 * and completion is checked against the stored plan and against what S3 lists.
 */
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import {
  GUEST_UPLOAD_SECONDS,
  guestAbortSchema,
  guestCompleteSchema,
  guestMultipartRequestSchema,
  guestSignPartsSchema,
  INBOX_PREFIX,
  MAX_OPEN_GUEST_UPLOADS,
  partLength,
  planParts,
  RECEIPT_PATTERN,
  type GuestMultipart,
} from '../../protocol/index.ts';
import { userPrefix, type AppEnv, type RouteDeps } from '../context.ts';
import { Problem } from '../problem.ts';
import { checkQuota } from '../quota.ts';
import { readJson } from '../request-body.ts';
import type { GuestUploadEntry, RequestRecord, RequestStore } from '../request-store.ts';
import { signParts } from '../signing.ts';
import { StorageError, type StoredPart } from '../storage.ts';
import { checkGuestObjectSize, checkOpen, requestNotFound, requestWindow, reserveOne } from './guest-checks.ts';

const UPLOAD_MS = GUEST_UPLOAD_SECONDS * 1000;

function uploadNotFound(): Problem {
  return new Problem(404, 'upload_not_found', 'no such upload in this file request: it was completed, cancelled or never started here');
}

const inboxKey = (record: RequestRecord, receipt: string): string =>
  `${userPrefix({ id: record.owner })}${INBOX_PREFIX}${record.id}/${receipt}`;

/** The receipt's upload in this request's record, if `uploadId` is its id; 404 otherwise (another request's too). */
function entryOf(record: RequestRecord, receipt: string, uploadId: string): GuestUploadEntry {
  const entry = RECEIPT_PATTERN.test(receipt) ? record.uploads[receipt] : undefined;
  if (entry === undefined || entry.uploadId !== uploadId) throw uploadNotFound();
  return entry;
}

/** An upload that may still take parts: one day from its start (the README's lifecycle rule aborts it then). */
function checkFresh(entry: GuestUploadEntry, now: number): void {
  if (Date.parse(entry.startedAt) + UPLOAD_MS <= now) {
    throw new Problem(410, 'request_expired', 'This upload was started more than a day ago and takes no more parts: send the file again');
  }
}

/** Uploads of a record still in their day, without `except`. */
function freshUploads(record: RequestRecord, now: number, except?: string): RequestRecord['uploads'] {
  return Object.fromEntries(
    Object.entries(record.uploads).filter(([receipt, entry]) => receipt !== except && Date.parse(entry.startedAt) + UPLOAD_MS > now),
  );
}

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

  return new Hono<AppEnv>()
    .post('/:id/multipart', async (c) => {
      const record = await found(c);
      const { size, chunkSize } = await readJson(c, guestMultipartRequestSchema);
      checkGuestObjectSize(deps, size);
      const now = deps.clock();
      checkOpen(record, now);
      reserveOne(record, size); // refuse early what cannot fit; counted for real below, after S3 started the upload
      const owner = userPrefix({ id: record.owner });
      await checkQuota(deps, owner, size, true);
      const plan = planParts(size, chunkSize);
      const receipt = randomBytes(16).toString('base64url');
      const key = inboxKey(record, receipt);
      const uploadId = await deps.storage.createMultipart(key);
      let reserved: RequestRecord;
      try {
        reserved = await changeRecord(record.id, (current) => {
          checkOpen(current, deps.clock());
          const uploads = freshUploads(current, deps.clock());
          if (Object.keys(uploads).length >= MAX_OPEN_GUEST_UPLOADS) {
            throw new Problem(429, 'rate_limited', `${MAX_OPEN_GUEST_UPLOADS} uploads are in progress on this request: finish or cancel one first`, 60);
          }
          const entry: GuestUploadEntry = { uploadId, size, ...plan, startedAt: new Date(now).toISOString() };
          return { ...reserveOne(current, size), uploads: { ...uploads, [receipt]: entry } };
        });
      } catch (error) {
        await deps.storage.abortMultipart({ key, uploadId }).catch(() => undefined);
        throw error;
      }
      deps.usage.addPending(owner, size, 1);
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
      const stored = await listAllParts(deps, key, entry.uploadId);
      for (const { partNumber, etag } of request.parts) {
        const part = stored.get(partNumber);
        const expected = partLength(entry.size, entry.partSize, partNumber);
        if (part === undefined || unquote(part.etag) !== unquote(etag) || part.size !== expected) {
          throw new Problem(400, 'invalid_part', `part ${partNumber} is not the ${expected}-byte part uploaded for this upload`);
        }
      }
      await deps.storage.completeMultipart({ key, uploadId: entry.uploadId, parts: request.parts });
      await changeRecord(record.id, (current) => ({ ...current, uploads: freshUploads(current, deps.clock(), receipt) }));
      return c.json({ receipt });
    })
    .post('/:id/multipart/:receipt/abort', async (c) => {
      const record = await found(c);
      const request = await readJson(c, guestAbortSchema);
      const receipt = c.req.param('receipt');
      const entry = entryOf(record, receipt, request.uploadId);
      let released = true;
      try {
        await deps.storage.abortMultipart({ key: inboxKey(record, receipt), uploadId: entry.uploadId });
      } catch (error) {
        // Gone from S3 already (completed, or aborted by a lifecycle rule): forget it, give nothing back.
        if (!(error instanceof StorageError && error.kind === 'upload_not_found')) throw error;
        released = false;
      }
      const after = await changeRecord(record.id, (current) => {
        const uploads = freshUploads(current, deps.clock(), receipt);
        const mine = current.uploads[receipt];
        if (!released || mine?.uploadId !== entry.uploadId) return { ...current, uploads };
        return { ...current, uploads, files: current.files - 1, bytes: current.bytes - mine.size };
      });
      return c.json({ aborted: true as const, filesLeft: after.maxFiles - after.files, bytesLeft: after.maxBytes - after.bytes });
    });
}
