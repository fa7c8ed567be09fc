/**
 * Test support: an app over an in-memory store whose presigning is the real AWS SDK
 * presigner (signing needs no network), so route tests inspect real URLs.
 */
import { createApp } from './app.ts';
import type { AppConfig, AppDeps } from './context.ts';
import { silentLogger } from './logger.ts';
import { createS3Client, createS3Storage } from './s3-storage.ts';
import type { Storage, StoredObject, StoredPart } from './storage.ts';
import { StorageError } from './storage.ts';
import { createUserStore, userFromToken } from './users.ts';

/** Alice's and Bob's tokens in test apps. */
export const TOKENS = { alice: 'alice-token-0123456789', bob: 'bob-token-0123456789ab' } as const;

/** The fixed instant test apps run at: 2030-01-01T00:00:00Z. */
export const TEST_NOW = Date.UTC(2030, 0, 1);

/** A storage keeping objects and uploads in maps, signing with a real S3 client for `test-bucket`. */
export function createMemoryStorage(options: { credentialsExpiry?: Date } = {}): Storage & {
  objects: Map<string, StoredObject>;
  uploads: Map<string, { key: string; parts: StoredPart[] }>;
  bodies: Map<string, { body: string; etag: string }>;
} {
  const client = createS3Client({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9',
    forcePathStyle: true,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret-test' },
  });
  const signer = createS3Storage({ client, bucket: 'test-bucket' });
  const objects = new Map<string, StoredObject>();
  const uploads = new Map<string, { key: string; parts: StoredPart[] }>();
  const upload = (key: string, uploadId: string) => {
    const found = uploads.get(uploadId);
    if (found === undefined || found.key !== key) throw new StorageError('upload_not_found', 'no such upload');
    return found;
  };
  const bodies = new Map<string, { body: string; etag: string }>();
  let version = 0;
  let uploadCount = 0;
  return {
    objects,
    uploads,
    bodies,
    readObject: async (key) => bodies.get(key),
    async writeObject(key, body, condition) {
      if (condition !== undefined && bodies.get(key)?.etag !== condition.ifMatch) return 'conflict';
      bodies.set(key, { body, etag: `"v${++version}"` });
      objects.set(key, { key, size: body.length, lastModified: new Date(TEST_NOW) });
      return 'ok';
    },
    async createObject(key, body) {
      if (objects.has(key)) return 'exists';
      bodies.set(key, { body: Buffer.from(body).toString('base64url'), etag: `"v${++version}"` });
      objects.set(key, { key, size: body.length, lastModified: new Date(TEST_NOW) });
      return 'ok';
    },
    async deleteObject(key) {
      bodies.delete(key);
      objects.delete(key);
    },
    async headObject(key) {
      const found = objects.get(key);
      return found === undefined ? undefined : { size: found.size };
    },
    async copyObject({ from, to }) {
      const found = objects.get(from);
      if (found === undefined) throw new StorageError('unavailable', 'storage answered NoSuchKey (HTTP 404)');
      objects.set(to, { ...found, key: to, lastModified: new Date(TEST_NOW) });
      const body = bodies.get(from);
      if (body !== undefined) bodies.set(to, body);
    },
    presign: (input) => signer.presign(input),
    presignPart: (input) => signer.presignPart(input),
    async list({ prefix, startAfter, limit }) {
      const keys = [...objects.keys()].filter((key) => key.startsWith(prefix) && (startAfter === undefined || key > startAfter)).sort();
      return { objects: keys.slice(0, limit).map((key) => objects.get(key) as StoredObject), truncated: keys.length > limit };
    },
    async createMultipart(key) {
      const uploadId = `upload-${++uploadCount}`; // never reused, as S3's ids are not
      uploads.set(uploadId, { key, parts: [] });
      return uploadId;
    },
    async listMultipartUploads({ prefix, after }) {
      const all = [...uploads.entries()]
        .map(([uploadId, upload]) => ({ key: upload.key, uploadId }))
        .filter((upload) => upload.key.startsWith(prefix))
        .sort((a, b) => (a.key === b.key ? (a.uploadId < b.uploadId ? -1 : 1) : a.key < b.key ? -1 : 1));
      const rest = after === undefined ? all : all.filter((u) => u.key > after.key || (u.key === after.key && u.uploadId > after.uploadId));
      const page = rest.slice(0, 1000);
      const last = page.at(-1);
      return rest.length > page.length && last !== undefined ? { uploads: page, next: last } : { uploads: page };
    },
    async listParts({ key, uploadId, after = 0 }) {
      const parts = upload(key, uploadId).parts.filter((part) => part.partNumber > after).slice(0, 1000);
      const last = parts.at(-1);
      const more = last !== undefined && upload(key, uploadId).parts.some((part) => part.partNumber > last.partNumber);
      return more ? { parts, next: last.partNumber } : { parts };
    },
    async completeMultipart({ key, uploadId, parts }) {
      const stored = upload(key, uploadId);
      const size = parts.reduce((sum, part) => {
        const found = stored.parts.find((p) => p.partNumber === part.partNumber && p.etag === part.etag);
        if (found === undefined) throw new StorageError('invalid_part', 'bad part');
        return sum + found.size;
      }, 0);
      objects.set(key, { key, size, lastModified: new Date(TEST_NOW) });
      uploads.delete(uploadId);
    },
    async abortMultipart({ key, uploadId }) {
      upload(key, uploadId);
      uploads.delete(uploadId);
    },
    credentialsExpiry: async () => options.credentialsExpiry,
  };
}

/** The configuration of test apps: 15-minute URLs, no quotas, no rate limit. */
export const TEST_CONFIG: AppConfig = {
  allowedOrigins: ['http://app.test'],
  presignMaxExpires: 900,
  limits: { maxObjectSize: 1024 ** 4 },
};

/** An app for route tests with Alice and Bob, a fixed clock and memory storage. */
export function createTestApp(overrides: Partial<AppDeps> = {}) {
  const storage = createMemoryStorage();
  const users = createUserStore([userFromToken('alice', TOKENS.alice), userFromToken('bob', TOKENS.bob)]);
  const app = createApp({ config: TEST_CONFIG, storage, users, clock: () => TEST_NOW, logger: silentLogger, ...overrides });
  return { app, storage };
}

/** Request options for a JSON POST by `user`. */
export function postJson(user: keyof typeof TOKENS, body: unknown): RequestInit {
  return {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKENS[user]}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}

/** Request options for a GET by `user`. */
export function getAs(user: keyof typeof TOKENS): RequestInit {
  return { headers: { authorization: `Bearer ${TOKENS[user]}` } };
}
