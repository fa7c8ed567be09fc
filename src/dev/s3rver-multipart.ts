/**
 * The multipart operations s3rver 3.7 lacks - ListParts, AbortMultipartUpload and ListMultipartUploads - added to the
 * embedded S3 so that resuming and cancelling uploads work on `npm start` as they do on real S3; and its UploadPart and
 * CompleteMultipartUpload made S3's (useS3PartsAndCompletion). They read s3rver's own on-disk layout for uploads in
 * progress (`<dir>/<bucket>/._S3rver_uploads/<uploadId>/{key,metadata,<n>,<n>.md5}`).
 * They are called by the endpoint (AWS SDK), never by a browser, so they need no CORS handling.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The part of a Koa context these handlers use. */
export interface Context {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  status: number;
  type: string;
  body: unknown;
}
export type Next = () => Promise<unknown>;
/** A Koa application (s3rver is one): its middleware list, composed when the server starts listening. */
export interface KoaApp {
  middleware: ((ctx: Context, next: Next) => Promise<unknown>)[];
}

const MAX_PARTS_PAGE = 1000;

function xml(text: string): string {
  return text.replace(/[<>&'"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function respond(ctx: Context, status: number, body: string) {
  ctx.status = status;
  ctx.type = 'application/xml';
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
}

export function s3Error(ctx: Context, status: number, code: string, message: string) {
  respond(ctx, status, `<Error><Code>${code}</Code><Message>${xml(message)}</Message></Error>`);
}

function param(ctx: Context, name: string): string | undefined {
  const value = ctx.query[name];
  return Array.isArray(value) ? value[0] : value;
}

/** s3rver's folder of the uploads in progress in `bucket`. */
function uploadsDirOf(directory: string, bucket: string): string {
  return join(directory, bucket, '._S3rver_uploads');
}

/** The folder of upload `uploadId`: upload ids are s3rver's own hex strings, anything else cannot name one. */
function uploadDirOf(uploadsDir: string, uploadId: string): string | undefined {
  return /^[\w-]+$/.test(uploadId) ? join(uploadsDir, uploadId) : undefined;
}

async function uploadKey(uploadDir: string): Promise<string | undefined> {
  return readFile(join(uploadDir, 'key'), 'utf8').catch(() => undefined);
}

/**
 * A part s3rver finished writing: its `.md5` file is written after the part's bytes, so a part whose upload was cut off
 * (a closed tab, a reset connection) has none, or an older one than its bytes while a new attempt is being written.
 * S3 lists only parts that completed, so those are left out - a resuming client sends them again.
 */
async function completedPart(uploadDir: string, n: number): Promise<{ size: number; mtime: Date; md5: string } | undefined> {
  const [info, md5Info] = await Promise.all([
    stat(join(uploadDir, String(n))).catch(() => undefined),
    stat(join(uploadDir, `${n}.md5`)).catch(() => undefined),
  ]);
  if (!info || !md5Info || md5Info.mtimeMs < info.mtimeMs) return undefined;
  const md5 = await readFile(join(uploadDir, `${n}.md5`), 'utf8').catch(() => undefined);
  return md5 ? { size: info.size, mtime: info.mtime, md5: md5.trim() } : undefined;
}

async function listParts(ctx: Context, uploadDir: string, bucket: string, key: string, uploadId: string) {
  const marker = Number(param(ctx, 'part-number-marker') ?? 0);
  const maxParts = Math.min(MAX_PARTS_PAGE, Number(param(ctx, 'max-parts') ?? MAX_PARTS_PAGE));
  const numbers = (await readdir(uploadDir))
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((n) => n > marker)
    .sort((a, b) => a - b);
  const page = numbers.slice(0, maxParts);
  const truncated = numbers.length > page.length;
  const parts = await Promise.all(
    page.map(async (n) => {
      const part = await completedPart(uploadDir, n);
      if (!part) return '';
      return (
        `<Part><PartNumber>${n}</PartNumber><LastModified>${part.mtime.toISOString()}</LastModified>` +
        `<ETag>"${part.md5}"</ETag><Size>${part.size}</Size></Part>`
      );
    }),
  );
  respond(
    ctx,
    200,
    `<ListPartsResult><Bucket>${xml(bucket)}</Bucket><Key>${xml(key)}</Key><UploadId>${xml(uploadId)}</UploadId>` +
      `<PartNumberMarker>${marker}</PartNumberMarker><NextPartNumberMarker>${page.at(-1) ?? marker}</NextPartNumberMarker>` +
      `<MaxParts>${maxParts}</MaxParts><IsTruncated>${truncated}</IsTruncated>${parts.join('')}</ListPartsResult>`,
  );
}

async function listUploads(ctx: Context, uploadsDir: string, bucket: string) {
  const prefix = param(ctx, 'prefix') ?? '';
  const ids = await readdir(uploadsDir).catch(() => [] as string[]);
  const uploads = [];
  for (const id of ids.sort()) {
    const key = await uploadKey(join(uploadsDir, id));
    if (key === undefined || !key.startsWith(prefix)) continue;
    const initiated = (await stat(join(uploadsDir, id))).mtime.toISOString();
    uploads.push(`<Upload><Key>${xml(key)}</Key><UploadId>${xml(id)}</UploadId><Initiated>${initiated}</Initiated></Upload>`);
  }
  respond(
    ctx,
    200,
    `<ListMultipartUploadsResult><Bucket>${xml(bucket)}</Bucket><Prefix>${xml(prefix)}</Prefix>` +
      `<IsTruncated>false</IsTruncated>${uploads.join('')}</ListMultipartUploadsResult>`,
  );
}

/** Adds the missing multipart operations to an s3rver instance, before its own router. Call before `run()`. */
export function addMultipartOperations(app: KoaApp, directory: string): void {
  const handler = async (ctx: Context, next: Next) => {
    const [bucketPart, ...keyParts] = ctx.path.replace(/^\//, '').split('/');
    if (!bucketPart) return next();
    const bucket = decodeURIComponent(bucketPart);
    const uploadsDir = uploadsDirOf(directory, bucket);
    const bucketLevel = keyParts.every((part) => part === '');
    if (ctx.method === 'GET' && bucketLevel && 'uploads' in ctx.query) return listUploads(ctx, uploadsDir, bucket);

    const uploadId = param(ctx, 'uploadId');
    const isListParts = ctx.method === 'GET' && uploadId !== undefined;
    const isAbort = ctx.method === 'DELETE' && uploadId !== undefined;
    if (!isListParts && !isAbort) return next();
    const key = keyParts.map(decodeURIComponent).join('/');
    const uploadDir = uploadDirOf(uploadsDir, uploadId);
    if (!uploadDir || (await uploadKey(uploadDir)) !== key) {
      s3Error(ctx, 404, 'NoSuchUpload', 'The specified upload does not exist.');
      return;
    }
    if (isListParts) return listParts(ctx, uploadDir, bucket, key, uploadId);
    await rm(uploadDir, { recursive: true, force: true });
    ctx.status = 204;
    ctx.body = null;
  };
  // Before s3rver's router (the last middleware), after its logging, XML and vhost handling.
  app.middleware.splice(Math.max(0, app.middleware.length - 1), 0, handler);
}

/** s3rver's file store, as far as the multipart fixes below use it. */
export interface AssemblyStore {
  getResourcePath(bucket: string, key: string, resource: string): string;
  putMetadata(bucket: string, key: string, metadata: Record<string, unknown>, md5: string): Promise<void>;
  putPart(bucket: string, uploadId: string, partNumber: string, content: Readable): Promise<{ md5: string; size: number }>;
  putObjectMultipart(bucket: string, uploadId: string, parts: { number: number; etag: string }[]): Promise<{ md5: string; size: number }>;
}

/** s3rver's error type: its error middleware answers one with the code's status and an S3 XML error body. */
const S3Error = createRequire(import.meta.url)('s3rver/lib/models/error') as new (code: string, message: string) => Error;

/**
 * UploadPart and CompleteMultipartUpload as S3 does them, in place of s3rver's (UploadPart: see putPart below).
 * For CompleteMultipartUpload, s3rver streamed every part through an MD5 into a new object and gave that MD5 as the
 * ETag (about 5 s per GiB, all of it after the last part was stored); it accepted parts that were never uploaded or
 * had other ETags, and failed with a 500 for an unknown upload id. Here the parts are checked (InvalidPartOrder,
 * InvalidPart, NoSuchUpload, as S3 answers), copied one after another into the object without hashing, and the ETag
 * is S3's for multipart objects: the MD5 of the parts' binary MD5s, a dash, and the number of parts. The object
 * appears whole: it is written beside the parts and renamed into place.
 */
export function useS3PartsAndCompletion(store: AssemblyStore, directory: string): void {
  const uploads = (bucket: string) => uploadsDirOf(directory, bucket);
  store.putPart = (bucket, uploadId, partNumber, content) => putPart(uploads(bucket), uploadId, partNumber, content);
  store.putObjectMultipart = (bucket, uploadId, parts) => assemble(store, uploads(bucket), bucket, uploadId, parts);
}

/** The folder and key of an upload in progress; NoSuchUpload for an id that is not one (or could not name a folder). */
async function openUpload(uploadsDir: string, uploadId: string): Promise<{ uploadDir: string; key: string }> {
  const uploadDir = uploadDirOf(uploadsDir, uploadId);
  const key = uploadDir === undefined ? undefined : await uploadKey(uploadDir);
  if (uploadDir === undefined || key === undefined) {
    throw new S3Error('NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.');
  }
  return { uploadDir, key };
}

/**
 * UploadPart, in place of s3rver's: s3rver wrote the part's MD5 (and answered 200) once its hash had seen every byte,
 * while the bytes could still be on their way to the file, so a part could be confirmed - and joined - before it was
 * whole; it also made a folder for any upload id, even "../x". Here the part is written to its end first, and only an
 * existing upload takes parts.
 */
async function putPart(uploadsDir: string, uploadId: string, partNumber: string, content: Readable) {
  const { uploadDir } = await openUpload(uploadsDir, uploadId);
  const number = Number(partNumber);
  if (!Number.isInteger(number) || number < 1 || number > 10_000) {
    throw new S3Error('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive');
  }
  const partPath = join(uploadDir, String(number));
  const hash = createHash('md5');
  let size = 0;
  const counting = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  await pipeline(content, counting, createWriteStream(partPath));
  const md5 = hash.digest('hex');
  await writeFile(`${partPath}.md5`, md5);
  return { md5, size };
}

async function assemble(store: AssemblyStore, uploadsDir: string, bucket: string, uploadId: string, parts: { number: number; etag: string }[]) {
  const { uploadDir, key } = await openUpload(uploadsDir, uploadId);
  if (parts.some((part, i) => i > 0 && part.number <= (parts[i - 1] as { number: number }).number)) {
    throw new S3Error('InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.');
  }
  const stored = await Promise.all(parts.map((part) => completedPart(uploadDir, part.number)));
  if (stored.some((part, i) => part === undefined || part.md5 !== parts[i]?.etag)) {
    throw new S3Error('InvalidPart', "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.");
  }
  const metadata = JSON.parse(await readFile(join(uploadDir, 'metadata'), 'utf8')) as Record<string, unknown>;
  const assembled = join(uploadDir, 'assembled');
  const out = createWriteStream(assembled);
  await pipeline(async function* () {
    for (const part of parts) yield* createReadStream(join(uploadDir, String(part.number)), { highWaterMark: 4 * 1024 * 1024 });
  }, out);
  const objectPath = store.getResourcePath(bucket, key, 'object');
  await mkdir(dirname(objectPath), { recursive: true });
  const md5s = stored.map((part) => Buffer.from(part?.md5 ?? '', 'hex'));
  const etag = `${createHash('md5').update(Buffer.concat(md5s)).digest('hex')}-${parts.length}`;
  // The ETag first: an object that appeared without one would get an MD5 of its bytes from a reader (s3rver's getMetadata).
  await store.putMetadata(bucket, key, metadata, etag);
  await rename(assembled, objectPath);
  await rm(uploadDir, { recursive: true, force: true });
  return { md5: etag, size: stored.reduce((sum, part) => sum + (part?.size ?? 0), 0) };
}
