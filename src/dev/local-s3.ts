/**
 * The S3 server `npm start` and `npm run dev` run locally when no real S3 is configured: s3rver in-process (the
 * default), or with `COFFER_S3_BACKEND=rgw` a throwaway single-node Ceph RGW, a real S3 implementation that checks
 * signatures, signed lengths and multipart rules.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, integer, type S3Config } from '../server/config.ts';
import { startEmbeddedS3 } from './embedded-s3.ts';
import { startRgw } from './rgw/index.ts';

/** Which local S3 server to run. */
export type LocalS3Backend = 's3rver' | 'rgw';

/** A running local S3 server with its bucket, and the settings to reach it. */
export interface LocalS3 {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** What stores the objects, for the start-up banner. */
  description: string;
  close(): Promise<void>;
}

/** The bucket of the local S3 server. */
export const LOCAL_BUCKET = 'coffer';

/** The local S3 server's port: `COFFER_S3_PORT`, 8788 by default (0 picks any free port). */
export function localS3Port(env: Record<string, string | undefined>): number {
  return integer(env, 'COFFER_S3_PORT', 0, 65535) ?? 8788;
}

/** The file (in the data folder) that holds the throwaway RGW's endpoint and keys while it runs. */
export const RGW_CONNECTION_FILE = 'rgw-s3.json';

/**
 * Reads `COFFER_S3_BACKEND` (`s3rver`, the default, or `rgw`). It chooses the local S3 server only, so it
 * cannot be combined with real S3 settings.
 */
export function localS3Backend(env: Record<string, string | undefined>, s3: S3Config): LocalS3Backend {
  const raw = env['COFFER_S3_BACKEND']?.trim() || 's3rver';
  if (raw !== 's3rver' && raw !== 'rgw') throw new ConfigError(`COFFER_S3_BACKEND must be s3rver or rgw, got "${raw}"`);
  if (raw === 'rgw' && s3.kind === 'external') {
    throw new ConfigError('COFFER_S3_BACKEND=rgw starts a local S3: unset COFFER_S3_ENDPOINT, COFFER_S3_BUCKET and COFFER_S3_REGION');
  }
  return raw;
}

/** What the local S3 server is started with. */
export interface LocalS3Options {
  /** 0 picks any free port. */
  port: number;
  bucket: string;
  /** Browser origins the bucket's CORS rule allows (the app's). */
  allowedOrigins: string[];
  /** The data folder: s3rver keeps its objects here; RGW's connection file is written here. */
  dataDir: string;
}

/** Starts the chosen local S3 server with the bucket created and its CORS rule set. */
export async function startLocalS3(backend: LocalS3Backend, opts: LocalS3Options): Promise<LocalS3> {
  if (backend === 's3rver') {
    const s3 = await startEmbeddedS3({ ...opts, dataDir: join(opts.dataDir, 's3') });
    return { ...s3, description: `embedded S3 at ${s3.endpoint}, data in ${opts.dataDir}` };
  }
  const rgw = await startRgw({
    ...(opts.port === 0 ? {} : { port: opts.port }),
    bucket: opts.bucket,
    allowedOrigins: opts.allowedOrigins,
  });
  const { endpoint, region, bucket, accessKeyId, secretAccessKey } = rgw;
  // The keys are random per run; an operator (or a test) reads them here to look into the bucket.
  const connectionFile = join(opts.dataDir, RGW_CONNECTION_FILE);
  try {
    writeFileSync(connectionFile, `${JSON.stringify({ endpoint, region, bucket, accessKeyId, secretAccessKey })}\n`, {
      mode: 0o600,
    });
  } catch (error) {
    await rgw.stop();
    throw error;
  }
  return {
    endpoint,
    region,
    bucket,
    accessKeyId,
    secretAccessKey,
    description: `throwaway Ceph RGW at ${endpoint}, bucket ${bucket}, keys in ${connectionFile}; data is lost on stop`,
    async close() {
      rmSync(connectionFile, { force: true });
      await rgw.stop();
    },
  };
}
