/**
 * Small JSON records kept by the endpoint in its bucket (share and file-request records): read with their ETag,
 * changed with conditional writes retried on conflict, and serialised per id within this process. Across processes
 * the conditional write (If-Match) is what keeps counts exact, where the S3 honours it. Each owner's records are
 * found again through an index of empty objects.
 */
import type { z } from 'zod';
import { StorageError, type Storage } from './storage.ts';

/** Conditional writes tried before giving up on a record that keeps changing. */
const WRITE_ATTEMPTS = 8;

/** Runs tasks for one id one after another (this process only). */
export function createLocks() {
  const tails = new Map<string, Promise<unknown>>();
  return async function locked<T>(id: string, task: () => Promise<T>): Promise<T> {
    const before = tails.get(id) ?? Promise.resolve();
    const run = before.then(task, task);
    const tail = run.catch(() => undefined);
    tails.set(id, tail);
    try {
      return await run;
    } finally {
      if (tails.get(id) === tail) tails.delete(id);
    }
  };
}

/** The JSON value of `text`, or undefined when it is none (a torn or damaged record). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Reading and changing records of one kind. */
export interface RecordIO<T> {
  /** The record and its ETag, or undefined when there is none. Throws when a stored record is damaged. */
  read: (id: string) => Promise<{ record: T; etag: string } | undefined>;
  /**
   * Changes a record: `change` sees the current record and returns the next one (or throws, e.g. a Problem for a
   * limit). Conditional on the ETag read, retried on conflict. Resolves undefined when there is no such record.
   */
  update: (id: string, change: (record: T) => T) => Promise<T | undefined>;
  /** Runs a task alone among tasks with the same lock name (this process only). */
  lock: <R>(name: string, task: () => Promise<R>) => Promise<R>;
}

/** Record access for one kind of record: its schema, where a record lives, and a noun for error messages. */
export function createRecordIO<T>(storage: Storage, schema: z.ZodType<T>, keyOf: (id: string) => string, noun: string): RecordIO<T> {
  const locked = createLocks();
  async function read(id: string): Promise<{ record: T; etag: string } | undefined> {
    const found = await storage.readObject(keyOf(id));
    if (found === undefined) return undefined;
    // A record that is no JSON or not of its schema is the storage's fault, never the caller's: 502 storage_error.
    const parsed = schema.safeParse(parseJson(found.body));
    if (!parsed.success) throw new StorageError('unavailable', `${noun} record ${id} is damaged`);
    return { record: parsed.data, etag: found.etag };
  }
  return {
    read,
    lock: locked,
    update(id, change) {
      return locked(id, async () => {
        for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
          const current = await read(id);
          if (current === undefined) return undefined;
          const next = change(current.record);
          if ((await storage.writeObject(keyOf(id), JSON.stringify(next), { ifMatch: current.etag })) === 'ok') return next;
        }
        throw new StorageError('unavailable', `the ${noun} is changing too often: retry`);
      });
    },
  };
}

/** Which records each owner has: one empty object per record, `<prefix><owner>/<id>`, listed to find them again. */
export interface OwnerIndex {
  add(owner: string, id: string): Promise<void>;
  remove(owner: string, id: string): Promise<void>;
  /** The ids indexed for `owner`, in key order, every page of the listing. */
  ids(owner: string): Promise<string[]>;
}

/** The owner index of one kind of record under `prefix` (e.g. `share-index/`). */
export function createOwnerIndex(storage: Storage, prefix: string): OwnerIndex {
  const keyOf = (owner: string, id: string): string => `${prefix}${owner}/${id}`;
  return {
    async add(owner, id) {
      await storage.writeObject(keyOf(owner, id), '');
    },
    async remove(owner, id) {
      await storage.deleteObject(keyOf(owner, id));
    },
    async ids(owner) {
      const ownerPrefix = keyOf(owner, '');
      const ids: string[] = [];
      let startAfter: string | undefined;
      for (;;) {
        const page = await storage.list({ prefix: ownerPrefix, limit: 1000, ...(startAfter === undefined ? {} : { startAfter }) });
        ids.push(...page.objects.map((o) => o.key.slice(ownerPrefix.length)));
        startAfter = page.objects.at(-1)?.key;
        if (!page.truncated || startAfter === undefined) return ids;
      }
    },
  };
}
