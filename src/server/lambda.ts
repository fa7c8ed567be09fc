/**
 * AWS Lambda entry: the same app as on Node, behind API Gateway (HTTP API, payload v2) or a
 * function URL. Configuration comes from the function's environment, credentials from its
 * role. The built app is served elsewhere (e.g. S3 + CloudFront); set COFFER_ALLOWED_ORIGINS. The public routes'
 * per-address limit counts API Gateway's `sourceIp` (and X-Forwarded-For only from COFFER_TRUSTED_PROXIES, as on
 * Node); the Node server's timeouts and connection cap have API Gateway's limits as their counterpart here.
 */
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { createApp } from './app.ts';
import { parseConfig } from './config.ts';
import { createJsonLogger, immediateStdout } from './logger.ts';
import { createS3Client, createS3Storage } from './s3-storage.ts';
import { createUserStore } from './users.ts';

/** A Lambda handler as made by Hono's adapter. */
export type LambdaHandler = ReturnType<typeof handle>;

/** Builds the handler from environment variables; throws `ConfigError` on bad configuration. */
export function createLambdaHandler(env: Record<string, string | undefined>): LambdaHandler {
  const config = parseConfig(env);
  if (config.s3.kind === 'embedded') {
    throw new Error('no S3 configured: set COFFER_S3_BUCKET (AWS_REGION is set by Lambda)');
  }
  const { endpoint, region, bucket, forcePathStyle } = config.s3;
  const client = createS3Client({ region, forcePathStyle, ...(endpoint === undefined ? {} : { endpoint }) });
  const sse = config.sse.kind === 'none' ? undefined : config.sse;
  const storage = createS3Storage({ client, bucket, ...(sse === undefined ? {} : { sse }) });
  const logger = createJsonLogger(immediateStdout);
  return handle(createApp({ config, storage, users: createUserStore(config.users), logger }));
}

let cached: LambdaHandler | undefined;

/** The function's handler: built from `process.env` on the first invocation, then reused. */
export const handler = (event: LambdaEvent, context?: Parameters<LambdaHandler>[1]) => {
  cached ??= createLambdaHandler(process.env);
  return cached(event, context);
};
