/**
 * s3rver started in-process: the S3 server behind `npm start`, `npm run dev` and the
 * integration tests. It checks no signatures (see shared notes): fine for local use, and the
 * reason signature and size-binding tests belong to the Ceph RGW conformance suite.
 */
import { mkdir } from 'node:fs/promises';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { useAtomicObjects, type AtomicStore } from './s3rver-atomic.ts';
import { useFastListing, type FilesystemStoreLike } from './s3rver-listing.ts';
import { addMultipartOperations, s3Error, useS3PartsAndCompletion, type AssemblyStore, type Context, type KoaApp, type Next } from './s3rver-multipart.ts';

/** The part of s3rver's (untyped) API used here: a Koa app with a file store that can configure its buckets. */
interface S3rverInstance extends KoaApp {
  store: FilesystemStoreLike & AssemblyStore & AtomicStore;
  configureBuckets(): Promise<void>;
  callback(): RequestListener;
}
type S3rverConstructor = new (options: {
  silent: boolean;
  directory: string;
  configureBuckets: { name: string; configs: string[] }[];
}) => S3rverInstance;

const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;

/** What `startEmbeddedS3` is started with. */
export interface EmbeddedS3Options {
  /** 0 picks any free port. */
  port: number;
  /** Where objects are kept; persists across restarts. */
  dataDir: string;
  bucket: string;
  /** Browser origins allowed by the bucket's CORS rule. */
  allowedOrigins: string[];
  /** Address to bind; 127.0.0.1 unless given. */
  host?: string;
}

/** A running embedded S3 and the settings to reach it. */
export interface EmbeddedS3 {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  bucket: string;
  close(): Promise<void>;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The bucket's CORS rule: the app's origins may GET/PUT/HEAD/DELETE/POST with any header and read ETag. */
export function corsXml(allowedOrigins: string[]): string {
  const origins = allowedOrigins.map((origin) => `<AllowedOrigin>${escapeXml(origin)}</AllowedOrigin>`).join('');
  const methods = ['GET', 'PUT', 'HEAD', 'DELETE', 'POST'].map((method) => `<AllowedMethod>${method}</AllowedMethod>`).join('');
  return (
    '<CORSConfiguration><CORSRule>' +
    `${origins}${methods}<AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader>` +
    '<MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule></CORSConfiguration>'
  );
}

/**
 * Longest key segment s3rver can store, in UTF-8 bytes: it keeps an object as files named after the key's last
 * segment plus a suffix of up to 22 characters (`._S3rver_metadata.json`), and a file name holds 255 bytes.
 */
export const EMBEDDED_KEY_SEGMENT_MAX_BYTES = 255 - '._S3rver_metadata.json'.length;

/**
 * Refuses a key with a segment s3rver cannot store (400 KeyTooLongError, as S3 answers keys past its limit): s3rver
 * opened the file anyway, and the failed write was an unhandled error that stopped the whole embedded S3.
 */
function refuseUnstorableKeys(app: KoaApp): void {
  const handler = async (ctx: Context, next: Next) => {
    const segments = ctx.path.replace(/^\//, '').split('/').slice(1);
    const tooLong = segments.some((segment) => {
      try {
        return Buffer.byteLength(decodeURIComponent(segment)) > EMBEDDED_KEY_SEGMENT_MAX_BYTES;
      } catch {
        return false; // not percent-decodable: s3rver answers that itself
      }
    });
    if (!tooLong) return next();
    s3Error(ctx, 400, 'KeyTooLongError', `Your key is too long: this S3 stores at most ${EMBEDDED_KEY_SEGMENT_MAX_BYTES} bytes between slashes.`);
  };
  app.middleware.splice(Math.max(0, app.middleware.length - 1), 0, handler);
}

function listen(http: Server, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    http.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${port} is in use: set COFFER_S3_PORT to another port`) : error);
    });
    http.listen(port, host, () => resolve(http));
  });
}

/**
 * Starts s3rver with `bucket` created and its CORS rule set. A port already in use rejects
 * with a one-line message naming the port and COFFER_S3_PORT.
 */
export async function startEmbeddedS3(opts: EmbeddedS3Options): Promise<EmbeddedS3> {
  const host = opts.host ?? '127.0.0.1';
  await mkdir(opts.dataDir, { recursive: true });
  const server = new S3rver({
    silent: true,
    directory: opts.dataDir,
    configureBuckets: [{ name: opts.bucket, configs: opts.allowedOrigins.length === 0 ? [] : [corsXml(opts.allowedOrigins)] }],
  });
  await server.configureBuckets();
  refuseUnstorableKeys(server);
  addMultipartOperations(server, opts.dataDir);
  useAtomicObjects(server.store);
  useFastListing(server.store);
  useS3PartsAndCompletion(server.store, opts.dataDir);
  // s3rver's own run() never rejects when the port is taken, so the HTTP server is ours.
  const http = await listen(createServer(server.callback()), host, opts.port);
  const { port } = http.address() as AddressInfo;
  return {
    endpoint: `http://${host}:${port}`,
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    bucket: opts.bucket,
    close: () =>
      new Promise<void>((resolve, reject) => {
        http.close((error) => (error === undefined ? resolve() : reject(error)));
        http.closeAllConnections();
      }),
  };
}
