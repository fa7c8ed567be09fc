/**
 * What an unfinished multipart upload needs to go on after a reload or a crash, kept in IndexedDB.
 * The file key is kept only in wrapped form: inside the file's header, which only the vault key opens.
 */
import { createStore, del, delMany, entries, get, keys, set, values, type UseStore } from 'idb-keyval';

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

/**
 * The resume store in IndexedDB: uploads in database `coffer-uploads`, confirmed parts (one small record each, so a
 * confirmation writes a few bytes however large the upload) in `coffer-upload-parts`, keyed `<upload id>#<part>`.
 */
export function indexedDbResumeStore(
  uploads: UseStore = createStore('coffer-uploads', 'uploads'),
  confirmed: UseStore = createStore('coffer-upload-parts', 'parts'),
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
      const found = new Map<number, string>();
      for (const [key, value] of await entries<string, string>(confirmed)) {
        if (key.startsWith(prefix)) found.set(Number(key.slice(prefix.length)), value);
      }
      return found;
    },
    putPart: (id, partNumber, etag) => set(`${id}#${partNumber}`, etag, confirmed),
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
