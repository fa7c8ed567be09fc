/**
 * What an unfinished multipart upload needs to go on after a reload or a crash, kept in IndexedDB.
 * The file key is kept only in wrapped form: inside the file's header, which only the vault key opens.
 */
import { createStore, del, delMany, entries, get, set, type UseStore } from 'idb-keyval';

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

/** Persistence of pending uploads and the parts S3 confirmed for them. */
export interface ResumeStore {
  get(id: string): Promise<PendingUpload | undefined>;
  /** Pending uploads of an owner. */
  list(owner: string): Promise<PendingUpload[]>;
  put(upload: PendingUpload): Promise<void>;
  /** Confirmed parts: part number -> ETag. */
  parts(id: string): Promise<Map<number, string>>;
  putPart(id: string, partNumber: number, etag: string): Promise<void>;
  delete(id: string): Promise<void>;
}

/** The identity of a file for resuming: a change of size or modification time means another file. */
export function pendingUploadId(owner: string, name: string, file: { size: number; lastModified: number }): string {
  return [owner, name, file.size, file.lastModified].join('|');
}

const UPLOAD = 'upload:';
const PART = 'part:';

/** The resume store in IndexedDB (database `coffer-uploads`). */
export function indexedDbResumeStore(store: UseStore = createStore('coffer-uploads', 'uploads')): ResumeStore {
  const all = () => entries<string, unknown>(store);
  return {
    get: (id) => get<PendingUpload>(UPLOAD + id, store),
    async list(owner) {
      return (await all())
        .filter(([key]) => key.startsWith(UPLOAD))
        .map(([, value]) => value as PendingUpload)
        .filter((upload) => upload.owner === owner);
    },
    put: (upload) => set(UPLOAD + upload.id, upload, store),
    async parts(id) {
      const prefix = `${PART}${id}#`;
      const found = new Map<number, string>();
      for (const [key, value] of await all()) {
        if (key.startsWith(prefix)) found.set(Number(key.slice(prefix.length)), value as string);
      }
      return found;
    },
    putPart: (id, partNumber, etag) => set(`${PART}${id}#${partNumber}`, etag, store),
    async delete(id) {
      const prefix = `${PART}${id}#`;
      const keys = (await all()).map(([key]) => key).filter((key) => key.startsWith(prefix));
      await delMany(keys, store);
      await del(UPLOAD + id, store);
    },
  };
}

/** A resume store in memory (tests, and browsers without IndexedDB). */
export function memoryResumeStore(): ResumeStore {
  const uploads = new Map<string, PendingUpload>();
  const parts = new Map<string, Map<number, string>>();
  return {
    get: async (id) => uploads.get(id),
    list: async (owner) => [...uploads.values()].filter((upload) => upload.owner === owner),
    put: async (upload) => void uploads.set(upload.id, upload),
    parts: async (id) => new Map(parts.get(id)),
    putPart: async (id, partNumber, etag) => {
      const map = parts.get(id) ?? new Map<number, string>();
      map.set(partNumber, etag);
      parts.set(id, map);
    },
    delete: async (id) => {
      uploads.delete(id);
      parts.delete(id);
    },
  };
}
