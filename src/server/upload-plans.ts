/**
 * The plan of every multipart upload the endpoint starts in a user's space (the owner's and the guests' of their file
 * requests), kept in the bucket: `upload-plans/<space prefix><id>.json`, where `<id>` is the SHA-256 of the upload id
 * (base64url). The plan fixes the upload's size and part lengths at create, so that parts can only be signed for
 * those lengths and no later request can restate the size; and it tells any endpoint process (another Lambda
 * instance, this one after a restart) how many bytes an upload S3 still lists in progress has reserved. Records are
 * written once, read through an in-process cache (they never change), and deleted when their upload is completed or
 * aborted; a record whose upload S3 no longer lists is garbage, removed by the usage store (usage.ts).
 * The prefix lies outside `users/`, so no key a user or guest names can reach it.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Storage } from './storage.ts';

/** Where upload plans live. */
export const UPLOAD_PLANS_PREFIX = 'upload-plans/';

/** One upload plan as stored (JSON). */
export const uploadPlanSchema = z.object({
  v: z.literal(1),
  /** The object's full S3 key. */
  key: z.string(),
  uploadId: z.string(),
  /** The object's size in bytes, reserved at create; the parts' lengths add up to exactly this. */
  size: z.number(),
  partSize: z.number(),
  partCount: z.number(),
  startedAt: z.string(),
});
/** The plan of one multipart upload. */
export type UploadPlanRecord = z.infer<typeof uploadPlanSchema>;

/** The record's name for an upload id: a hash, as upload ids are long and may hold any printable character. */
export function planName(uploadId: string): string {
  return createHash('sha256').update(uploadId).digest('base64url');
}

/** The upload plans of one endpoint over its storage. `space` is a user's prefix (`users/<id>/`) everywhere. */
export function createUploadPlans(storage: Storage) {
  const folder = (space: string): string => `${UPLOAD_PLANS_PREFIX}${space}`;
  const recordKey = (space: string, uploadId: string): string => `${folder(space)}${planName(uploadId)}.json`;
  const cache = new Map<string, UploadPlanRecord>();

  return {
    /** Stores the plan of an upload just created in `space`. */
    async save(space: string, plan: Omit<UploadPlanRecord, 'v'>): Promise<void> {
      const record: UploadPlanRecord = { v: 1, ...plan };
      await storage.writeObject(recordKey(space, plan.uploadId), JSON.stringify(record));
      cache.set(recordKey(space, plan.uploadId), record);
    },

    /** The plan of `uploadId` in `space`, or undefined when the endpoint has none (finished, or never started here). */
    async find(space: string, uploadId: string): Promise<UploadPlanRecord | undefined> {
      const key = recordKey(space, uploadId);
      const cached = cache.get(key);
      if (cached !== undefined) return cached;
      const found = await storage.readObject(key);
      if (found === undefined) return undefined;
      const parsed = uploadPlanSchema.safeParse(JSON.parse(found.body));
      if (!parsed.success || parsed.data.uploadId !== uploadId) return undefined;
      cache.set(key, parsed.data);
      return parsed.data;
    },

    /** Forgets the plan of a finished upload (missing ones too). */
    async remove(space: string, uploadId: string): Promise<void> {
      cache.delete(recordKey(space, uploadId));
      await storage.deleteObject(recordKey(space, uploadId));
    },

    /** The names (`planName`) of every plan stored for `space`, every page of the listing. */
    async names(space: string): Promise<Set<string>> {
      const names = new Set<string>();
      let startAfter: string | undefined;
      for (;;) {
        const page = await storage.list({ prefix: folder(space), limit: 1000, ...(startAfter === undefined ? {} : { startAfter }) });
        for (const object of page.objects) names.add(object.key.slice(folder(space).length).replace(/\.json$/, ''));
        startAfter = page.objects.at(-1)?.key;
        if (!page.truncated || startAfter === undefined) return names;
      }
    },

    /** Deletes a plan by its name (garbage whose upload S3 no longer holds). */
    async removeByName(space: string, name: string): Promise<void> {
      cache.delete(`${folder(space)}${name}.json`);
      await storage.deleteObject(`${folder(space)}${name}.json`);
    },
  };
}

/** The upload plans of an endpoint. */
export type UploadPlans = ReturnType<typeof createUploadPlans>;

/** Every multipart upload S3 holds in progress under `prefix`, every page. */
export async function uploadsInProgress(storage: Storage, prefix: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  let after: { key: string; uploadId: string } | undefined;
  do {
    const page = await storage.listMultipartUploads({ prefix, ...(after === undefined ? {} : { after }) });
    for (const upload of page.uploads) found.set(upload.uploadId, upload.key);
    after = page.next;
  } while (after !== undefined);
  return found;
}
