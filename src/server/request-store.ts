/**
 * File-request records, kept in the bucket itself (no database): `requests/<id>.json` holds one request, and an empty
 * `request-index/<owner>/<id>` marks it as the owner's, so listing one owner's requests reads no one else's. Both
 * prefixes lie outside `users/`, so no key a user or guest names can reach them.
 *
 * Reservations: signing an upload adds one file and its signed length to the record before the URL is returned; a
 * guest multipart upload does so at create and is kept in the record (`uploads`, by receipt) until it completes or is
 * aborted (which gives the reservation back) - or until S3 is found no longer to hold it, whatever request was lost
 * (routes/guest-reconcile.ts).
 * Every change is read, changed, then written back with If-Match on the ETag it read (S3 conditional write), retried
 * on conflict; changes to one request also queue behind an in-process lock. So one process never lets an upload past
 * a limit; several processes are exact on an S3 that honours If-Match, and on one that ignores it (s3rver)
 * may each reserve in the same instant and overshoot by one upload each (docs/PROTOCOL.md, "File requests").
 * Measured: RGW 16 honours If-Match (given unquoted; see s3-storage.ts), so several processes are exact on it too.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { createOwnerIndex, createRecordIO } from './record-store.ts';
import type { CreateRequest, RequestInfo } from '../protocol/index.ts';
import type { Storage } from './storage.ts';

/** Where request records live. */
export const REQUESTS_PREFIX = 'requests/';
/** Where the per-owner index lives. */
export const REQUEST_INDEX_PREFIX = 'request-index/';

/** A guest multipart upload in progress, as the record keeps it: what the endpoint signs parts against. */
export const guestUploadEntrySchema = z.object({
  uploadId: z.string(),
  /** The encrypted size reserved at create: the parts' lengths add up to exactly this. */
  size: z.number(),
  partSize: z.number(),
  partCount: z.number(),
  startedAt: z.string(),
});
/** One guest multipart upload in progress. */
export type GuestUploadEntry = z.infer<typeof guestUploadEntrySchema>;

/** A file-request record, version 1, as stored (JSON). */
export const requestRecordSchema = z.object({
  v: z.literal(1),
  id: z.string(),
  owner: z.string(),
  title: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  closedAt: z.string().nullable(),
  maxFiles: z.number(),
  maxBytes: z.number(),
  files: z.number(),
  bytes: z.number(),
  publicKey: z.string(),
  /** Guest multipart uploads in progress, by receipt (absent in records written before multipart guest uploads). */
  uploads: z.record(z.string(), guestUploadEntrySchema).default({}),
});
/** One stored file request. */
export type RequestRecord = z.infer<typeof requestRecordSchema>;

/** What the owner sees of a record. */
export function requestInfo(record: RequestRecord): RequestInfo {
  const { id, title, createdAt, expiresAt, closedAt, maxFiles, maxBytes, files, bytes, publicKey } = record;
  return { id, title, createdAt, expiresAt, closedAt, maxFiles, maxBytes, files, bytes, publicKey };
}

const recordKey = (id: string): string => `${REQUESTS_PREFIX}${id}.json`;

/** The file-request records of one endpoint over its storage. */
export function createRequestStore(storage: Storage, clock: () => number) {
  const { read, update } = createRecordIO(storage, requestRecordSchema, recordKey, 'file request');
  const index = createOwnerIndex(storage, REQUEST_INDEX_PREFIX);

  return {
    /** Makes a request with a fresh 128-bit id. */
    async create(owner: string, request: CreateRequest): Promise<RequestRecord> {
      const now = clock();
      const record: RequestRecord = {
        v: 1,
        id: randomBytes(16).toString('base64url'),
        owner,
        title: request.title,
        createdAt: new Date(now).toISOString(),
        expiresAt: new Date(now + request.expiresIn * 1000).toISOString(),
        closedAt: null,
        maxFiles: request.maxFiles,
        maxBytes: request.maxBytes,
        files: 0,
        bytes: 0,
        publicKey: request.publicKey,
        uploads: {},
      };
      await storage.writeObject(recordKey(record.id), JSON.stringify(record));
      await index.add(owner, record.id);
      return record;
    },

    /** A record by id, or undefined. */
    async get(id: string): Promise<RequestRecord | undefined> {
      return (await read(id))?.record;
    },

    /**
     * Changes a record: `change` sees the current record and returns the next one (or throws, e.g. a Problem for a
     * limit). Conditional on the ETag read, retried on conflict. Resolves undefined when there is no such record.
     */
    update,

    /** The owner's requests, newest first. */
    async list(owner: string): Promise<RequestRecord[]> {
      const records: RequestRecord[] = [];
      for (const id of await index.ids(owner)) {
        const record = (await read(id))?.record;
        if (record !== undefined && record.owner === owner) records.push(record);
      }
      return records.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },
  };
}

/** The file-request records of an endpoint. */
export type RequestStore = ReturnType<typeof createRequestStore>;
