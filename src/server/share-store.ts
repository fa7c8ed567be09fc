/**
 * Share records, kept in the bucket itself (no database): `shares/<id>.json` holds one share, and an empty
 * `share-index/<owner>/<id>` marks it as the owner's, so listing one owner's shares never reads anyone else's.
 * Both prefixes lie outside `users/`, so no key a user names can reach them.
 *
 * Counting: every change is read, changed, then written back with If-Match on the ETag it read (S3 conditional
 * write), retried on conflict; changes to one share also queue behind an in-process lock. So one process never
 * counts a download twice or lets one through past the limit; several processes are exact on an S3 that honours
 * If-Match, and on one that ignores it may each let one download through in the same instant (docs/PROTOCOL.md).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { createOwnerIndex, createRecordIO } from './record-store.ts';
import { ENDED_SHARE_KEPT_DAYS, type CreateShareRequest, type ShareInfo } from '../protocol/index.ts';
import type { Storage } from './storage.ts';

/** Where share records live. */
export const SHARES_PREFIX = 'shares/';
/** Where the per-owner index lives. */
export const SHARE_INDEX_PREFIX = 'share-index/';
/** How long an ended share's record is kept so its link can still say why and since when (and its owner sees it). */
export const ENDED_RECORD_GRACE_MS = ENDED_SHARE_KEPT_DAYS * 86_400_000;

/** A share record, version 1, as stored (JSON). `key` is relative to the owner's space. */
export const shareRecordSchema = z.object({
  v: z.literal(1),
  id: z.string(),
  owner: z.string(),
  key: z.string(),
  headerLength: z.number(),
  createdAt: z.string(),
  expiresAt: z.string(),
  maxDownloads: z.number().nullable(),
  downloads: z.number(),
  /** When the last counted download started: the moment a limited share was used up. */
  lastDownloadAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
/** One stored share. */
export type ShareRecord = z.infer<typeof shareRecordSchema>;

/** Why a share no longer allows downloads, and since when; undefined while it does. */
export function shareEnded(record: ShareRecord, now: number): { code: 'share_revoked' | 'share_used_up' | 'share_expired'; at: string } | undefined {
  if (record.revokedAt !== null) return { code: 'share_revoked', at: record.revokedAt };
  if (Date.parse(record.expiresAt) <= now) return { code: 'share_expired', at: record.expiresAt };
  if (record.maxDownloads !== null && record.downloads >= record.maxDownloads) {
    return { code: 'share_used_up', at: record.lastDownloadAt ?? record.createdAt };
  }
  return undefined;
}

/** What the owner sees of a record at `now`. */
export function shareInfo(record: ShareRecord, now: number): ShareInfo {
  const { id, key, createdAt, expiresAt, maxDownloads, downloads, revokedAt } = record;
  return { id, key, createdAt, expiresAt, maxDownloads, downloads, revokedAt, ended: shareEnded(record, now) ?? null };
}

const recordKey = (id: string): string => `${SHARES_PREFIX}${id}.json`;

/** The share records of one endpoint over its storage. */
export function createShareStore(storage: Storage, clock: () => number) {
  const { read, update, lock: locked } = createRecordIO(storage, shareRecordSchema, recordKey, 'share');
  const index = createOwnerIndex(storage, SHARE_INDEX_PREFIX);

  async function remove(record: ShareRecord): Promise<void> {
    await storage.deleteObject(recordKey(record.id));
    await index.remove(record.owner, record.id);
  }

  const store = {
    /** Makes a share with a fresh 128-bit id. */
    async create(owner: string, request: CreateShareRequest): Promise<ShareRecord> {
      const now = clock();
      const record: ShareRecord = {
        v: 1,
        id: randomBytes(16).toString('base64url'),
        owner,
        key: request.key,
        headerLength: request.headerLength,
        createdAt: new Date(now).toISOString(),
        expiresAt: new Date(now + request.expiresIn * 1000).toISOString(),
        maxDownloads: request.maxDownloads ?? null,
        downloads: 0,
        lastDownloadAt: null,
        revokedAt: null,
      };
      await storage.writeObject(recordKey(record.id), JSON.stringify(record));
      await index.add(owner, record.id);
      return record;
    },

    /** The record of `id`, if there is one. */
    get: async (id: string): Promise<ShareRecord | undefined> => (await read(id))?.record,

    /**
     * The owner's shares as of `now`: those that allow downloads, newest first, then those that ended within the grace
     * period, the latest ended first. Records ended longer ago are deleted.
     */
    async list(owner: string, now = clock()): Promise<ShareRecord[]> {
      const active: ShareRecord[] = [];
      const ended: { record: ShareRecord; at: string }[] = [];
      for (const id of await index.ids(owner)) {
        const record = (await read(id))?.record;
        if (record === undefined) {
          await index.remove(owner, id);
          continue;
        }
        const end = shareEnded(record, now);
        if (end === undefined) active.push(record);
        else if (Date.parse(end.at) + ENDED_RECORD_GRACE_MS <= now) await remove(record);
        else ended.push({ record, at: end.at });
      }
      active.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      ended.sort((a, b) => b.at.localeCompare(a.at));
      return [...active, ...ended.map((e) => e.record)];
    },

    /** Points the owner's active shares of object `from` at `to` (after a move), so their links keep working. */
    async repoint(owner: string, from: string, to: string): Promise<void> {
      const now = clock();
      for (const share of (await store.list(owner, now)).filter((record) => shareEnded(record, now) === undefined)) {
        if (share.key === from) await update(share.id, (record) => (record.key === from ? { ...record, key: to } : record));
      }
    },

    /** Revokes the owner's share; undefined when it is not theirs (or does not exist). Revoking twice keeps the first time. */
    revoke: (owner: string, id: string): Promise<ShareRecord | undefined> =>
      locked(`owner-check:${id}`, async () => {
        const current = await read(id);
        if (current === undefined || current.record.owner !== owner) return undefined;
        return update(id, (record) => ({ ...record, revokedAt: record.revokedAt ?? new Date(clock()).toISOString() }));
      }),

    /**
     * Counts one download if the share allows it. Resolves the updated record, or why it ended (nothing counted),
     * or undefined when there is no such share.
     */
    async takeDownload(id: string): Promise<{ record: ShareRecord } | { ended: NonNullable<ReturnType<typeof shareEnded>> } | undefined> {
      let ended: ReturnType<typeof shareEnded>;
      const record = await update(id, (current) => {
        ended = shareEnded(current, clock());
        if (ended !== undefined) throw new SkipWrite();
        return { ...current, downloads: current.downloads + 1, lastDownloadAt: new Date(clock()).toISOString() };
      }).catch((error: unknown) => {
        if (error instanceof SkipWrite) return null;
        throw error;
      });
      if (record === undefined) return undefined;
      if (record === null) return ended === undefined ? undefined : { ended };
      return { record };
    },
  };
  return store;
}

/** Thrown inside an update to leave the record as it is. */
class SkipWrite extends Error {}

/** The share records of an endpoint. */
export type ShareStore = ReturnType<typeof createShareStore>;
