/**
 * The one composition of Coffer's production parts: the S3 client and storage, the user store and the logger that
 * `createApp` is given on Node (start.ts: `npm start`, main.ts, the dev stack) and on Lambda (lambda.ts).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { Config, S3Config } from './config.ts';
import type { AppDeps } from './context.ts';
import { createJsonLogger, type Logger } from './logger.ts';
import { createS3Client, createS3Storage } from './s3-storage.ts';
import { createUserStore, type User } from './users.ts';

/** How the endpoint reaches S3; credentials come from the AWS default chain unless given. */
export interface CofferS3Options {
  endpoint?: string;
  region: string;
  bucket: string;
  forcePathStyle: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** What `createApp` is built from in production, and the S3 client to destroy when the endpoint stops. */
export interface ProductionParts {
  deps: AppDeps & { logger: Logger };
  client: S3Client;
}

/** `createApp`'s parts for `config` on `s3`; `users` (when given) replaces `config.users`. */
export function productionParts(config: Config, s3: CofferS3Options, opts: { users?: User[]; logger?: Logger } = {}): ProductionParts {
  const { endpoint, region, bucket, forcePathStyle, credentials } = s3;
  const client = createS3Client({
    region,
    forcePathStyle,
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(credentials === undefined ? {} : { credentials }),
  });
  const sse = config.sse.kind === 'none' ? undefined : config.sse;
  return {
    client,
    deps: {
      config,
      storage: createS3Storage({ client, bucket, ...(sse === undefined ? {} : { sse }) }),
      users: createUserStore(opts.users ?? config.users),
      logger: opts.logger ?? createJsonLogger(),
    },
  };
}

/**
 * The S3 options of a deployment (main.ts, Lambda), which has no local S3 to start and no user to make up: throws
 * with a one-line message when S3 or the users are not configured.
 */
export function deployedS3(config: Config, howToSetS3: string): CofferS3Options {
  if (config.s3.kind === 'none') throw new Error(`no S3 configured: ${howToSetS3}`);
  if (config.users.length === 0) {
    throw new Error('no users configured: set COFFER_TOKENS or COFFER_USERS_FILE (add users with `npx coffer user add <name>`)');
  }
  return s3Options(config.s3);
}

/** The S3 options of an external S3 configuration. */
export function s3Options(s3: Extract<S3Config, { kind: 'external' }>): CofferS3Options {
  const { endpoint, region, bucket, forcePathStyle } = s3;
  return { ...(endpoint === undefined ? {} : { endpoint }), region, bucket, forcePathStyle };
}
