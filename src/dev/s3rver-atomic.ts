/**
 * Atomic object writes for the embedded s3rver, as real S3 has them: a reader sees an object's old content or its new
 * content, never a mix. s3rver 3.7 wrote an object's file in place (truncate, then write as the bytes arrive) and
 * answered a GET with the length it had read a moment before opening the file, so a reader that came during a write
 * got a cut-off or torn body - a share or file-request record read while it was updated did not parse - and a PUT
 * whose client went away left a truncated object behind. It also answered the PUT once its hash had seen the bytes,
 * possibly before they were all in the file.
 *
 * Here every write goes to a temporary file beside its target and is renamed over it (rename is atomic on POSIX):
 * object content (PUT, POST, CopyObject), and the `.md5` and metadata files. The metadata files are renamed into place
 * before the content, so a new object never appears without its ETag (s3rver would compute and write one itself). A
 * GET takes length, date and bytes from one version of the content file: read whole from one open file, or for a large
 * object streamed from that same file opened again when the answer is sent (a stream that finds another file there
 * fails rather than mix). What remains: the ETag and content type of a GET racing an overwrite may be the new
 * object's with the old bytes for an instant (three files, three renames); the bytes are always one whole version.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, type ReadStream } from 'node:fs';
import { copyFile, mkdir, open, readFile, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** s3rver's S3Object, as far as these functions use it. */
interface S3ObjectLike {
  bucket: string;
  key: string;
  content: Readable | Buffer | null;
  metadata: Record<string, unknown>;
  range?: { start: number; end: number };
}
type S3ObjectConstructor = (new (bucket: string, key: string, content: Readable | null, metadata: Record<string, unknown>) => S3ObjectLike) & {
  ALLOWED_METADATA: string[];
};
const S3Object = createRequire(import.meta.url)('s3rver/lib/models/object') as S3ObjectConstructor;

/** The part of s3rver's FilesystemStore that this module uses and replaces. */
export interface AtomicStore {
  getResourcePath(bucket: string, key: string, resource: string): string;
  getMetadata(bucket: string, key: string): Promise<Record<string, unknown>>;
  putMetadata(bucket: string, key: string, metadata: Record<string, unknown>, md5?: string): Promise<void>;
  putObject(object: S3ObjectLike): Promise<{ size: number; md5: string }>;
  getObject(bucket: string, key: string, options?: { start?: number; end?: number }): Promise<S3ObjectLike | null>;
  copyObject(srcBucket: string, srcKey: string, destBucket: string, destKey: string, replacementMetadata?: Record<string, unknown>): Promise<Record<string, unknown>>;
}

const isMissing = (error: unknown): boolean => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * A temporary file beside `target`: same folder, so the rename stays on one file system. Its name does not end in
 * s3rver's `._S3rver_object`, so no listing takes it for an object, and its length does not depend on the key's.
 */
function tempPathFor(target: string): string {
  return join(dirname(target), `.coffer-tmp-${randomBytes(8).toString('hex')}`);
}

/** Writes into a temporary file with `write`, then renames it over `target`; the temporary file never outlives a failure. */
async function replaceAtomically(target: string, write: (temp: string) => Promise<void>): Promise<void> {
  const temp = tempPathFor(target);
  try {
    await write(temp);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** The metadata s3rver keeps of an object: the headers it allows and the user metadata (as its own putMetadata). */
function storedMetadata(metadata: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(metadata).filter(([name]) => S3Object.ALLOWED_METADATA.includes(name) || name.startsWith('x-amz-meta-')));
}

async function putMetadata(store: AtomicStore, bucket: string, key: string, metadata: Record<string, unknown>, md5?: string): Promise<void> {
  if (md5) await replaceAtomically(store.getResourcePath(bucket, key, 'object.md5'), (temp) => writeFile(temp, md5));
  const json = JSON.stringify(storedMetadata(metadata), null, 2);
  await replaceAtomically(store.getResourcePath(bucket, key, 'metadata.json'), (temp) => writeFile(temp, json));
}

async function putObject(store: AtomicStore, object: S3ObjectLike): Promise<{ size: number; md5: string }> {
  const objectPath = store.getResourcePath(object.bucket, object.key, 'object');
  await mkdir(dirname(objectPath), { recursive: true });
  const hash = createHash('md5');
  let size = 0;
  let md5 = '';
  await replaceAtomically(objectPath, async (temp) => {
    const content = object.content;
    if (content === null) throw new Error('embedded S3: an object to store has no content');
    if (Buffer.isBuffer(content)) {
      hash.update(content);
      size = content.length;
      await writeFile(temp, content);
    } else {
      const counting = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          size += chunk.length;
          callback(null, chunk);
        },
      });
      // Resolves once the file holds every byte (s3rver answered as soon as its hash had seen them).
      await pipeline(content, counting, createWriteStream(temp));
    }
    md5 = hash.digest('hex');
    await putMetadata(store, object.bucket, object.key, object.metadata, md5);
  });
  return { size, md5 };
}

/** Objects up to this size are read whole before answering (every record is); larger ones stream. */
const READ_WHOLE_BYTES = 1024 * 1024;

/**
 * What identifies one version of an object's content file: a rename puts another file in its place. Size and time
 * count too, since a freed inode number can be given to the next file.
 */
interface FileVersion {
  path: string;
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

/**
 * A stream of `range` of `version` that opens the file only when first read: s3rver drops the content stream of a
 * 304 answer (If-None-Match, If-Modified-Since) without closing it, so nothing may be open before anyone reads. Should
 * the path hold another file by then (the object was overwritten), the stream fails instead of mixing two versions.
 */
function lazyStream(version: FileVersion, range: { start: number; end: number }): Readable {
  let inner: ReadStream | undefined;
  let opening = false;
  const out: Readable = new Readable({
    read() {
      if (inner !== undefined) {
        inner.resume();
        return;
      }
      if (opening) return;
      opening = true;
      openVersion(version).then((file) => {
        if (out.destroyed) return file.close();
        inner = file.createReadStream({ start: range.start, end: range.end });
        inner.on('data', (chunk: string | Buffer) => {
          if (!out.push(chunk)) inner?.pause();
        });
        inner.once('end', () => out.push(null));
        inner.once('error', (error) => out.destroy(error));
        return undefined;
      }).catch((error: unknown) => out.destroy(error as Error));
    },
    destroy(error, callback) {
      inner?.destroy();
      callback(error);
    },
  });
  return out;
}

/** Opens the file at `version.path` if it is still that version. */
async function openVersion(version: FileVersion): Promise<FileHandle> {
  const file = await open(version.path, 'r');
  const info = await file.stat();
  if (info.dev === version.dev && info.ino === version.ino && info.size === version.size && info.mtimeMs === version.mtimeMs) return file;
  await file.close();
  throw new Error('embedded S3: the object was replaced while it was being read');
}

/** The bytes of `range` of a small object, read at once from the open file, which is then closed. */
async function readWhole(file: FileHandle, range: { start: number; end: number }): Promise<Readable> {
  const length = range.end + 1 - range.start;
  const bytes = Buffer.alloc(length);
  let read = 0;
  while (read < length) {
    const { bytesRead } = await file.read(bytes, read, length - read, range.start + read);
    if (bytesRead === 0) break;
    read += bytesRead;
  }
  return Readable.from([bytes.subarray(0, read)]);
}

/** s3rver's GET, with length, date and bytes all from one open file (s3rver opened the file again after its stat). */
async function getObject(store: AtomicStore, bucket: string, key: string, options?: { start?: number; end?: number }): Promise<S3ObjectLike | null> {
  const path = store.getResourcePath(bucket, key, 'object');
  let file: FileHandle;
  try {
    file = await open(path, 'r');
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
  try {
    const info = await file.stat();
    const metadata = { ...(await store.getMetadata(bucket, key)), 'content-length': info.size, 'last-modified': info.mtime.toUTCString() };
    // The range as s3rver computes it (its quirks included: the routes and tests here rely on its answers).
    const lastByte = Math.max(0, info.size - 1);
    const range = { start: options?.start || 0, end: Math.min(options?.end || Infinity, lastByte) };
    const ranged = options !== undefined && (options.start !== undefined || Boolean(options.end));
    const object = new S3Object(bucket, key, null, metadata);
    if (ranged) object.range = range;
    if (range.start >= 0 && range.end >= range.start) {
      const small = range.end + 1 - range.start <= READ_WHOLE_BYTES;
      object.content = small ? await readWhole(file, range) : lazyStream({ path, dev: info.dev, ino: info.ino, size: info.size, mtimeMs: info.mtimeMs }, range);
    }
    return object;
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  } finally {
    await file.close();
  }
}

async function copyObject(
  store: AtomicStore,
  [srcBucket, srcKey, destBucket, destKey]: [string, string, string, string],
  replacementMetadata: Record<string, unknown> | undefined,
): Promise<Record<string, unknown>> {
  const source = store.getResourcePath(srcBucket, srcKey, 'object');
  const target = store.getResourcePath(destBucket, destKey, 'object');
  if (source === target) {
    if (replacementMetadata) await putMetadata(store, destBucket, destKey, replacementMetadata);
    return store.getMetadata(destBucket, destKey);
  }
  await mkdir(dirname(target), { recursive: true });
  await replaceAtomically(target, async (temp) => {
    await copyFile(source, temp);
    const md5 = await readFile(store.getResourcePath(srcBucket, srcKey, 'object.md5'), 'utf8').catch(() => undefined);
    const metadata =
      replacementMetadata ??
      (JSON.parse(await readFile(store.getResourcePath(srcBucket, srcKey, 'metadata.json'), 'utf8').catch(() => '{}')) as Record<string, unknown>);
    await putMetadata(store, destBucket, destKey, metadata, md5);
  });
  return store.getMetadata(destBucket, destKey);
}

/** Replaces s3rver's object writes and reads on its store with the atomic ones above. */
export function useAtomicObjects(store: AtomicStore): void {
  store.putMetadata = (bucket, key, metadata, md5) => putMetadata(store, bucket, key, metadata, md5);
  store.putObject = (object) => putObject(store, object);
  store.getObject = (bucket, key, options) => getObject(store, bucket, key, options);
  store.copyObject = (srcBucket, srcKey, destBucket, destKey, replacementMetadata) =>
    copyObject(store, [srcBucket, srcKey, destBucket, destKey], replacementMetadata);
}

/** The name of a temporary file of this module (for tests that check none is left behind). */
export const isTempFileName = (name: string): boolean => basename(name).startsWith('.coffer-tmp-');
