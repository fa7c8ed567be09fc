/**
 * AWS Lambda entry: the same app as on Node, behind API Gateway (HTTP API, payload v2) or a
 * function URL. Configuration comes from the function's environment, credentials from its
 * role. The built app is served elsewhere (e.g. S3 + CloudFront); set COFFER_ALLOWED_ORIGINS. The public routes'
 * per-address limit counts API Gateway's `sourceIp` (and X-Forwarded-For only from COFFER_TRUSTED_PROXIES, as on
 * Node); the Node server's timeouts and connection cap have API Gateway's limits as their counterpart here.
 */
import { handle, type LambdaEvent as HonoLambdaEvent } from 'hono/aws-lambda';
import { createApp } from './app.ts';
import { deployedS3, productionParts } from './compose.ts';
import { parseConfig } from './config.ts';
import { createJsonLogger, immediateStdout } from './logger.ts';

// Hono 4 marks its bundled Lambda adapter deprecated in favour of the @hono/aws-lambda package, for when Hono 5 drops
// it; until that upgrade (a new dependency) the bundled one is used, here only.
/** An API Gateway (HTTP API, payload v2) or function URL event. */
// eslint-disable-next-line @typescript-eslint/no-deprecated -- the bundled adapter until Hono 5 (see above)
export type LambdaEvent = HonoLambdaEvent;

/** A Lambda handler as made by Hono's adapter. */
// eslint-disable-next-line @typescript-eslint/no-deprecated -- the bundled adapter until Hono 5 (see above)
export type LambdaHandler = ReturnType<typeof handle>;

/**
 * Builds the handler from environment variables, from the same parts as the Node server; throws `ConfigError` on bad
 * configuration, and refuses to start without S3 or without users, as main.ts does.
 */
export function createLambdaHandler(env: Record<string, string | undefined>): LambdaHandler {
  const config = parseConfig(env);
  const s3 = deployedS3(config, 'set COFFER_S3_BUCKET (AWS_REGION is set by Lambda)');
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the bundled adapter until Hono 5 (see above)
  return handle(createApp(productionParts(config, s3, { logger: createJsonLogger(immediateStdout) }).deps));
}

let cached: LambdaHandler | undefined;

/** The function's handler: built from `process.env` on the first invocation, then reused. */
export const handler = (event: LambdaEvent, context?: Parameters<LambdaHandler>[1]) => {
  cached ??= createLambdaHandler(process.env);
  return cached(event, context);
};
