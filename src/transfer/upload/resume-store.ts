/**
 * What an unfinished multipart upload needs to go on after a reload or a crash, kept in IndexedDB: the upload, and per
 * part the keyed digests of the chunks it sealed (SPEC 4.4) and S3's ETag once confirmed. The file key is kept only
 * in wrapped form: inside the file's header, which only the vault key opens.
 */
import { createStore, del, delMany, entries, get, keys, promisifyRequest, set, values, type UseStore } from 'idb-keyval';

/** An upload in progress, as remembered between page loads. */
export interface PendingUpload {
  /** `owner|name|size|lastModified`: the same file chosen again finds its upload. */
  id: string;
  /** Who the upload belongs to (endpoint and user), so two accounts in one browser stay apart. */
  owner: string;
  name: string;
  size: number;
  lastModified: number;
  key: string;
  uploadId: string;
  header: Uint8Array;
  objectSize: number;
  partSize: number;
  partCount: number;
  started: number;
}

/**
 * What is remembered of one part: the digests of the chunks it seals (SPEC 4.4), written when it is staged - before
 * its first byte is sent - and kept for as long as the upload is, and the ETag once S3 confirmed it.
 */
export interface PartRecord {
  /** Index of the chunk `digests[0]` is of; the part seals chunks firstChunk .. firstChunk + digests.length - 1. */
  firstChunk: number;
  /** Chunk digests (Encryptor.digestChunk), in chunk order. Empty in a record from before digests were kept. */
  digests: Uint8Array[];
  /** S3's ETag, once it answered the part's PUT. */
  etag?: string;
}

/** Persistence of pending uploads and what was sent of them. */
export interface ResumeStore {
  get(id: string): Promise<PendingUpload | undefined>;
  /** Pending uploads of an owner. */
  list(owner: string): Promise<PendingUpload[]>;
  put(upload: PendingUpload): Promise<void>;
  /** Part records: part number -> record. */
  parts(id: string): Promise<Map<number, PartRecord>>;
  putPart(id: string, partNumber: number, record: PartRecord): Promise<void>;
  delete(id: string): Promise<void>;
}

/** The identity of a file for resuming: a change of size or modification time means another file. */
export function pendingUploadId(owner: string, name: string, file: { size: number; lastModified: number }): string {
  return [owner, name, file.size, file.lastModified].join('|');
}

/**
 * An idb-keyval store whose writes are durable: committed with `durability: 'strict'`, so flushed to disk before they
 * count as done. Why not idb-keyval's createStore: it opens every transaction with the default durability, which in
 * Chromium is 'relaxed' - a write that has "completed" can still be lost to a power cut - and a part's digests must be
 * on disk before its first byte is sent (SPEC 4.4). The rest is as createStore does it.
 */
function durableStore(dbName: string, storeName: string): UseStore {
  let opened: Promise<IDBDatabase> | undefined;
  const database = () => {
    if (opened) return opened;
    const request = indexedDB.open(dbName);
    request.onupgradeneeded = () => request.result.createObjectStore(storeName);
    opened = promisifyRequest(request);
    opened.then(
      (db) => (db.onclose = () => (opened = undefined)),
      () => (opened = undefined),
    );
    return opened;
  };
  return (mode, callback) =>
    database().then((db) => callback(db.transaction(storeName, mode, { durability: mode === 'readwrite' ? 'strict' : 'default' }).objectStore(storeName)));
}

/** A stored part record; an earlier version stored the ETag alone, which says nothing of what was sealed. */
function partRecordOf(value: PartRecord | string): PartRecord {
  return typeof value === 'string' ? { firstChunk: 0, digests: [], etag: value } : value;
}

/**
 * The resume store in IndexedDB: uploads in database `coffer-uploads`, part records (one small record each - 32 bytes
 * per 512 KiB chunk and an ETag - so staging or confirming a part writes little however large the upload) in
 * `coffer-upload-parts`, keyed `<upload id>#<part>`.
 */
export function indexedDbResumeStore(
  uploads: UseStore = createStore('coffer-uploads', 'uploads'),
  confirmed: UseStore = durableStore('coffer-upload-parts', 'parts'),
): ResumeStore {
  const partKeys = async (id: string) =>
    (await keys<string>(confirmed)).filter((key) => key.startsWith(`${id}#`));
  return {
    get: (id) => get<PendingUpload>(id, uploads),
    async list(owner) {
      return (await values<PendingUpload>(uploads)).filter((upload) => upload.owner === owner);
    },
    put: (upload) => set(upload.id, upload, uploads),
    async parts(id) {
      const prefix = `${id}#`;
      const found = new Map<number, PartRecord>();
      for (const [key, value] of await entries<string, PartRecord | string>(confirmed)) {
        if (key.startsWith(prefix)) found.set(Number(key.slice(prefix.length)), partRecordOf(value));
      }
      return found;
    },
    putPart: (id, partNumber, record) => set(`${id}#${partNumber}`, record, confirmed),
    async delete(id) {
      await delMany(await partKeys(id), confirmed);
      await del(id, uploads);
    },
  };
}

/**
 * A resume store in memory (tests, guests, and browsers without IndexedDB); `uploads` is its map of pending uploads,
 * for a caller that must read them at once (a closing page cannot await).
 */
export function memoryResumeStore(uploads = new Map<string, PendingUpload>()): ResumeStore {
  const parts = new Map<string, Map<number, PartRecord>>();
  return {
    get: async (id) => uploads.get(id),
    list: async (owner) => [...uploads.values()].filter((upload) => upload.owner === owner),
    put: async (upload) => void uploads.set(upload.id, upload),
    parts: async (id) => new Map(parts.get(id)),
    putPart: async (id, partNumber, record) => {
      const map = parts.get(id) ?? new Map<number, PartRecord>();
      map.set(partNumber, record);
      parts.set(id, map);
    },
    delete: async (id) => {
      uploads.delete(id);
      parts.delete(id);
    },
  };
}
