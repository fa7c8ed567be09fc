/**
 * What each user's space stores and what uploads in progress have reserved on top, for quotas. Stored usage is what
 * S3 lists under the space (cached for `ttlMs`). Reservations:
 * - a multipart upload reserves its planned size and one object from its create until it is completed (then until a
 *   listing shows the object) or aborted. Which uploads are in progress is S3's word, not this process's memory:
 *   every listing also asks S3 for the space's uploads in progress (ListMultipartUploads) and takes each one's size
 *   from its upload plan (upload-plans.ts). So an upload S3 no longer holds frees its reservation, whichever request
 *   was lost, and one S3 still holds stays reserved after a restart or on another process.
 * - a single PUT reserves its signed length and one object in this process until its URL expires or a listing shows
 *   the object written after the signing. These live in memory only: a restart forgets them, and each process sees
 *   only its own (the overshoot is bounded by what one URL lifetime of signing allows per process).
 * A listing never resets a reservation: reservations made, bound, released or landed while a listing runs are kept
 * as they are (an event counter orders them against the listing's start).
 */
import type { Storage } from './storage.ts';
import { planName, uploadsInProgress, type UploadPlans } from './upload-plans.ts';

/** Bytes and objects. */
export interface Usage {
  bytes: number;
  objects: number;
}

/** A space's usage: stored as S3 last listed it, and reserved by uploads signed or in progress. */
export interface UsageReport {
  stored: Usage;
  reserved: Usage;
}

/** One reservation just made: bound to its multipart upload once S3 started it, or cancelled when that failed. */
export interface Reservation {
  bind(uploadId: string): void;
  cancel(): void;
}

/** Tracks what each user stores and reserves, for quotas. `prefix` is a user's space (`users/<id>/`). */
export interface UsageStore {
  /** The space's usage, listed at most `ttlMs` ago. */
  get(prefix: string, now: number): Promise<UsageReport>;
  /** Lists the space now (what the user sees as their usage); reservations stay. */
  measure(prefix: string, now: number): Promise<UsageReport>;
  /**
   * Reserves one object of `bytes` (a single PUT: of `put.key`, until `put.until`, epoch ms; else a multipart upload
   * about to be created) once `admit` accepted the space's total with it; `admit` throws to refuse. Checking and
   * reserving are one step, so concurrent uploads cannot pass a limit together within a process.
   */
  reserve(prefix: string, now: number, request: { bytes: number; put?: { key: string; until: number } }, admit: (total: Usage) => void): Promise<Reservation>;
  /** A multipart upload was aborted (or found gone): its reservation ends. */
  release(prefix: string, uploadId: string): void;
  /** A multipart upload of `bytes` was completed: counted until a listing shows the object. */
  land(prefix: string, uploadId: string, bytes: number): void;
}

/** How long a listed usage is trusted before S3 is listed again. */
export const USAGE_TTL_MS = 10_000;

interface Space {
  stored: Usage;
  listedAt: number;
  /** The event number of the listing whose result is held. */
  listing: number;
  /** Uploads in progress (as S3 last listed them, with changes made here since): upload id -> bytes. */
  uploads: Map<string, number>;
  /** Multipart reservations made here that no listing has seen in progress yet; `at` orders them. */
  local: Map<number, { bytes: number; uploadId?: string; at: number }>;
  puts: Map<number, { key: string; bytes: number; signedAt: number; until: number }>;
  landed: Map<number, { bytes: number; at: number }>;
  /** Uploads completed or aborted here, by event number, until a listing that began later confirms it. */
  released: Map<string, number>;
  refreshing: Promise<void> | undefined;
}

const sum = (values: Iterable<{ bytes: number }>): Usage => {
  const total = { bytes: 0, objects: 0 };
  for (const { bytes } of values) {
    total.bytes += bytes;
    total.objects += 1;
  }
  return total;
};

/** Usage listed from `storage`, multipart reservations from S3's uploads in progress and their `plans`. */
export function createUsageStore(storage: Storage, plans: UploadPlans, ttlMs = USAGE_TTL_MS): UsageStore {
  const spaces = new Map<string, Space>();
  let events = 0;

  const spaceOf = (prefix: string): Space => {
    let space = spaces.get(prefix);
    if (space === undefined) {
      const empty = { bytes: 0, objects: 0 };
      space = { stored: empty, listedAt: -Infinity, listing: 0, uploads: new Map(), local: new Map(), puts: new Map(), landed: new Map(), released: new Map(), refreshing: undefined };
      spaces.set(prefix, space);
    }
    return space;
  };

  /** Lists the space's objects, noting when each key a PUT reservation names was last written. */
  async function listObjects(prefix: string, watched: Set<string>): Promise<{ usage: Usage; written: Map<string, number> }> {
    const usage = { bytes: 0, objects: 0 };
    const written = new Map<string, number>();
    let startAfter: string | undefined;
    for (;;) {
      const page = await storage.list({ prefix, limit: 1000, ...(startAfter === undefined ? {} : { startAfter }) });
      for (const object of page.objects) {
        usage.bytes += object.size;
        usage.objects += 1;
        if (watched.has(object.key)) written.set(object.key, object.lastModified.getTime());
      }
      startAfter = page.objects.at(-1)?.key;
      if (!page.truncated || startAfter === undefined) return { usage, written };
    }
  }

  /** The bytes of each upload S3 holds in progress: known here, else from its plan (0 for an upload without one). */
  async function sizes(prefix: string, space: Space, inProgress: Map<string, string>, planned: Set<string>): Promise<Map<string, number>> {
    const localBytes = new Map([...space.local.values()].flatMap((l) => (l.uploadId === undefined ? [] : [[l.uploadId, l.bytes] as const])));
    const entries = await Promise.all(
      [...inProgress.keys()].map(async (uploadId): Promise<[string, number]> => {
        const known = localBytes.get(uploadId) ?? space.uploads.get(uploadId);
        if (known !== undefined) return [uploadId, known];
        const plan = planned.has(planName(uploadId)) ? await plans.find(prefix, uploadId) : undefined;
        return [uploadId, plan?.size ?? 0];
      }),
    );
    return new Map(entries);
  }

  async function refresh(prefix: string, now: number): Promise<void> {
    const space = spaceOf(prefix);
    const start = ++events;
    // Plans first: a plan listed here was written after its upload was created, so the upload is in the listing below
    // unless it is finished - and then the plan is garbage.
    const planned = await plans.names(prefix);
    const watched = new Set([...space.puts.values()].map((put) => put.key));
    const [inProgress, listed] = await Promise.all([uploadsInProgress(storage, prefix), listObjects(prefix, watched)]);
    const uploads = await sizes(prefix, space, inProgress, planned);
    const live = new Set([...inProgress.keys()].map(planName));
    for (const name of planned) if (!live.has(name)) void plans.removeByName(prefix, name).catch(() => undefined);
    if (start < space.listing) return; // a later listing has already been applied
    space.listing = start;
    for (const [uploadId, at] of space.released) {
      if (at > start) uploads.delete(uploadId);
      else space.released.delete(uploadId);
    }
    for (const [id, local] of space.local) {
      if (local.uploadId === undefined) continue;
      if (uploads.has(local.uploadId)) {
        uploads.set(local.uploadId, local.bytes);
        space.local.delete(id);
      } else if (local.at < start) {
        space.local.delete(id); // bound before this listing began, and no longer in progress: finished elsewhere
      }
    }
    for (const [id, landed] of space.landed) if (landed.at < start) space.landed.delete(id);
    for (const [id, put] of space.puts) {
      const writtenAt = listed.written.get(put.key);
      // Listings give seconds: a write in the second of the signing or later is this PUT's (or a later one's).
      if (writtenAt !== undefined && writtenAt >= Math.floor(put.signedAt / 1000) * 1000) space.puts.delete(id);
    }
    space.uploads = uploads;
    space.stored = listed.usage;
    space.listedAt = now;
  }

  function report(space: Space, now: number): UsageReport {
    for (const [id, put] of space.puts) if (put.until <= now) space.puts.delete(id);
    const parts = [sum([...space.uploads.values()].map((bytes) => ({ bytes }))), sum(space.local.values()), sum(space.landed.values()), sum(space.puts.values())];
    const reserved = parts.reduce((a, b) => ({ bytes: a.bytes + b.bytes, objects: a.objects + b.objects }));
    return { stored: { ...space.stored }, reserved };
  }

  async function get(prefix: string, now: number): Promise<UsageReport> {
    const space = spaceOf(prefix);
    if (now - space.listedAt >= ttlMs) {
      space.refreshing ??= refresh(prefix, now).finally(() => {
        space.refreshing = undefined;
      });
      await space.refreshing;
    }
    return report(space, now);
  }

  function release(prefix: string, uploadId: string): void {
    const space = spaces.get(prefix);
    if (space === undefined) return;
    space.uploads.delete(uploadId);
    for (const [id, local] of space.local) if (local.uploadId === uploadId) space.local.delete(id);
    space.released.set(uploadId, ++events);
  }

  return {
    get,
    async measure(prefix, now) {
      await refresh(prefix, now);
      return report(spaceOf(prefix), now);
    },
    async reserve(prefix, now, { bytes, put }, admit) {
      await get(prefix, now);
      const space = spaceOf(prefix);
      // From here to the end nothing is awaited: checking and reserving are one step.
      const { stored, reserved } = report(space, now);
      admit({ bytes: stored.bytes + reserved.bytes + bytes, objects: stored.objects + reserved.objects + 1 });
      const id = ++events;
      if (put === undefined) space.local.set(id, { bytes, at: id });
      else space.puts.set(id, { key: put.key, bytes, signedAt: now, until: put.until });
      return {
        bind(uploadId) {
          if (space.local.has(id)) space.local.set(id, { bytes, uploadId, at: ++events });
        },
        cancel() {
          space.local.delete(id);
          space.puts.delete(id);
        },
      };
    },
    release,
    land(prefix, uploadId, bytes) {
      release(prefix, uploadId);
      const space = spaces.get(prefix);
      const at = ++events;
      if (space !== undefined) space.landed.set(at, { bytes, at });
    },
  };
}
