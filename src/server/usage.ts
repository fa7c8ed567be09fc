import type { Storage } from './storage.ts';

/** Bytes and objects stored under one user's prefix. */
export interface Usage {
  bytes: number;
  objects: number;
}

/** Tracks what each user stores, for quotas. */
export interface UsageStore {
  /** Stored usage as last listed, plus what was signed for upload since (`withPending`). */
  get(prefix: string, now: number, withPending: boolean): Promise<Usage>;
  /** Lists the prefix now (what the user sees as their usage), and keeps the result for `get`. */
  measure(prefix: string, now: number): Promise<Usage>;
  /** Counts an upload just signed until the next listing sees it. */
  addPending(prefix: string, bytes: number, objects: number): void;
}

/** How long a listed usage is trusted before S3 is listed again. */
export const USAGE_TTL_MS = 10_000;

/**
 * Usage computed by listing the user's prefix in S3, cached for `ttlMs`. Uploads signed
 * within that time are added as pending so a burst of signing cannot outrun the quota.
 */
export function createUsageStore(storage: Storage, ttlMs = USAGE_TTL_MS): UsageStore {
  const cache = new Map<string, { listed: Usage; pending: Usage; at: number }>();

  async function list(prefix: string): Promise<Usage> {
    const usage = { bytes: 0, objects: 0 };
    let startAfter: string | undefined;
    for (;;) {
      const page = await storage.list({ prefix, limit: 1000, ...(startAfter === undefined ? {} : { startAfter }) });
      for (const object of page.objects) {
        usage.bytes += object.size;
        usage.objects += 1;
      }
      startAfter = page.objects.at(-1)?.key;
      if (!page.truncated || startAfter === undefined) return usage;
    }
  }

  return {
    async get(prefix, now, withPending) {
      let entry = cache.get(prefix);
      if (entry === undefined || now - entry.at >= ttlMs) {
        entry = { listed: await list(prefix), pending: { bytes: 0, objects: 0 }, at: now };
        cache.set(prefix, entry);
      }
      if (!withPending) return entry.listed;
      return { bytes: entry.listed.bytes + entry.pending.bytes, objects: entry.listed.objects + entry.pending.objects };
    },
    async measure(prefix, now) {
      const listed = await list(prefix);
      cache.set(prefix, { listed, pending: { bytes: 0, objects: 0 }, at: now });
      return listed;
    },
    addPending(prefix, bytes, objects) {
      const entry = cache.get(prefix);
      if (entry === undefined) return;
      entry.pending.bytes += bytes;
      entry.pending.objects += objects;
    },
  };
}
