/**
 * The local stack behind `npm start` and `npm run dev`: a local S3 server (s3rver in-process, or a throwaway Ceph RGW
 * with COFFER_S3_BACKEND=rgw) unless real S3 settings are given, and the endpoint serving the API and the built app on
 * one origin.
 */
import { mkdir, access, constants } from 'node:fs/promises';
import { parseConfig, type Config } from '../server/config.ts';
import type { Logger } from '../server/logger.ts';
import { s3Options } from '../server/compose.ts';
import { startCoffer } from '../server/start.ts';
import { newToken, userFromToken, type User } from '../server/users.ts';
import { LOCAL_BUCKET, localS3Backend, localS3Port, startLocalS3 } from './local-s3.ts';

/** A running stack. */
export interface Stack {
  config: Config;
  /** The origin serving the app and the API. */
  url: string;
  /** The token to hand to the browser, when the stack made one (no users configured). */
  freshToken?: string;
  /** What stores the objects, for the start-up banner. */
  storage: string;
  close: () => Promise<void>;
}

/** The user `npm start` makes when no users are configured. */
export const DEFAULT_USER_ID = 'owner';

async function ensureWritable(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new Error(`cannot write the data folder ${dir} (${code}): set COFFER_DATA_DIR to a writable folder`);
  }
}

/** What `startStack` takes besides the environment. */
export interface StackOptions {
  /** Where requests are logged; stdout by default. */
  logger?: Logger;
  /**
   * Origins that serve the app besides the endpoint's own (the Vite dev server of `npm run dev`), allowed by the
   * endpoint's CORS and the local bucket's CORS rule on top of COFFER_ALLOWED_ORIGINS or its default.
   */
  extraOrigins?: string[];
}

/** Starts the stack from environment variables (logging requests to stdout unless given a logger); on failure nothing is left running. */
export async function startStack(env: Record<string, string | undefined>, options: StackOptions = {}): Promise<Stack> {
  const parsed = parseConfig(env);
  const config = { ...parsed, allowedOrigins: [...new Set([...parsed.allowedOrigins, ...(options.extraOrigins ?? [])])] };
  const backend = localS3Backend(env, config.s3);
  let users: User[] | undefined;
  let freshToken: string | undefined;
  if (config.users.length === 0) {
    freshToken = newToken();
    users = [userFromToken(DEFAULT_USER_ID, freshToken)];
  }

  if (config.s3.kind === 'external') {
    const { endpoint, region, bucket } = config.s3;
    const coffer = await startCoffer(config, {
      s3: s3Options(config.s3),
      ...(users ? { users } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
    const storage = `S3 bucket ${bucket} at ${endpoint ?? `AWS ${region}`}`;
    return { config, url: coffer.url, ...(freshToken ? { freshToken } : {}), storage, close: coffer.close };
  }

  await ensureWritable(config.dataDir);
  const s3 = await startLocalS3(backend, {
    port: localS3Port(env),
    dataDir: config.dataDir,
    bucket: LOCAL_BUCKET,
    allowedOrigins: config.allowedOrigins,
  });
  try {
    const coffer = await startCoffer(config, {
      s3: {
        endpoint: s3.endpoint,
        region: s3.region,
        bucket: s3.bucket,
        forcePathStyle: true,
        credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
      },
      ...(users ? { users } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
    return {
      config,
      url: coffer.url,
      ...(freshToken ? { freshToken } : {}),
      storage: s3.description,
      async close() {
        await coffer.close();
        await s3.close();
      },
    };
  } catch (error) {
    await s3.close();
    throw error;
  }
}

/** The address to open: the token rides in the fragment, which browsers never send to a server. */
export function openUrl(appUrl: string, token: string | undefined): string {
  return token ? `${appUrl}/#token=${encodeURIComponent(token)}` : `${appUrl}/`;
}

/** Stops the stack on Ctrl-C or SIGTERM, once. */
export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping Coffer…');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`coffer: could not stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

/** Prints a start-up failure as one line and exits 1 (no stack trace). */
export function failStart(error: unknown): never {
  console.error(`coffer: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
