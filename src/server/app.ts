import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { routePath } from 'hono/route';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorCode } from '../protocol/index.ts';
import type { AppDeps, AppEnv, RouteDeps } from './context.ts';
import { createJsonLogger } from './logger.ts';
import { Problem, problemBody } from './problem.ts';
import { createClientAddress, addressKey } from './client-address.ts';
import { createRateLimiter, takeOrRefuse } from './rate-limit.ts';
import { BodyCutOff, nodeIncoming, requestHeader } from './request-body.ts';
import { healthRoutes } from './routes/health.ts';
import { meRoutes } from './routes/me.ts';
import { multipartRoutes } from './routes/multipart.ts';
import { objectRoutes } from './routes/objects.ts';
import { presignRoutes } from './routes/presign.ts';
import { publicRequestRoutes } from './routes/public-requests.ts';
import { requestRoutes } from './routes/requests.ts';
import { createRequestStore } from './request-store.ts';
import { publicShareRoutes } from './routes/public-shares.ts';
import { shareRoutes } from './routes/shares.ts';
import { createShareStore } from './share-store.ts';
import { StorageError, type StorageErrorKind } from './storage.ts';
import { createUploadPlans } from './upload-plans.ts';
import { createUsageStore } from './usage.ts';

const STORAGE_STATUS: Record<StorageErrorKind, [ContentfulStatusCode, ErrorCode]> = {
  upload_not_found: [404, 'upload_not_found'],
  invalid_part: [400, 'invalid_part'],
  part_too_small: [400, 'part_too_small'],
  unavailable: [502, 'storage_error'],
};

function withDefaults(deps: AppDeps): RouteDeps {
  const { rateLimit } = deps.config.limits;
  const plans = deps.plans ?? createUploadPlans(deps.storage);
  return {
    ...deps,
    clock: deps.clock ?? Date.now,
    logger: deps.logger ?? createJsonLogger(),
    rateLimiter: deps.rateLimiter ?? (rateLimit === undefined ? undefined : createRateLimiter(rateLimit)),
    publicRateLimiters:
      deps.publicRateLimiters ??
      (rateLimit === undefined ? undefined : { byId: createRateLimiter(rateLimit), byAddress: createRateLimiter(rateLimit) }),
    clientAddress: deps.clientAddress ?? createClientAddress(deps.config.trustedProxies ?? []),
    plans,
    usage: deps.usage ?? createUsageStore(deps.storage, plans),
  };
}

function errorResponse(deps: RouteDeps, error: Error, c: Context<AppEnv>): Response {
  if (error instanceof Problem) {
    if (error.retryAfter !== undefined) {
      c.header('Retry-After', String(error.retryAfter));
      c.header('Access-Control-Expose-Headers', 'Retry-After');
    }
    if (error.status === 401) c.header('WWW-Authenticate', 'Bearer');
    // On Node the rest of a body too large is not read and the connection is closed after the answer: say so, or a
    // keep-alive client sends its next request on a connection about to close ("other side closed").
    if (error.code === 'body_too_large' && nodeIncoming(c) !== undefined) c.header('Connection', 'close');
    return c.json(problemBody(error.code, error.message), error.status);
  }
  if (error instanceof StorageError) {
    const [status, code] = STORAGE_STATUS[error.kind];
    if (status >= 500) deps.logger.error({ msg: 'storage error', error: error.message });
    return c.json(problemBody(code, error.message), status);
  }
  if (error instanceof HTTPException && error.status < 500) {
    return c.json(problemBody('invalid_request', 'the request could not be read'), error.status);
  }
  deps.logger.error({ msg: 'unhandled error', error: String(error), stack: error.stack });
  return c.json(problemBody('internal', 'internal error: it has been logged'), 500);
}

/**
 * The endpoint as a Hono app: `/v1` routes, CORS for the configured origins, JSON errors with
 * stable codes, and one structured log line per request. Serve it with any Hono adapter.
 */
export function createApp(appDeps: AppDeps): Hono<AppEnv> {
  const deps = withDefaults(appDeps);
  const allowed = new Set(deps.config.allowedOrigins);
  const app = new Hono<AppEnv>();

  app.use('*', async (c: Context<AppEnv>, next) => {
    const started = performance.now();
    await next();
    deps.logger.info({
      msg: 'request',
      method: c.req.method,
      route: routePath(c),
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset on public routes and before auth; Hono's Variables type cannot say so
      user: c.get('user')?.id,
      // A client that left mid-body is this one line, not an error with a stack: nothing on the server went wrong.
      ...(c.error instanceof BodyCutOff ? { aborted: true } : {}),
    });
  });
  const corsHeaders = cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type'],
    maxAge: 600,
  });
  // CORS headers mean nothing without an Origin; skipping them also keeps node-server's fast response path.
  app.use('/v1/*', (c: Context<AppEnv, '/v1/*'>, next) => (requestHeader(c, 'origin') === undefined ? next() : corsHeaders(c, next)));

  // Public routes take no token: each request is counted against its client's address before any record is read.
  app.use('/v1/public/*', async (c: Context<AppEnv>, next) => {
    const address = deps.clientAddress(c);
    if (address !== undefined) takeOrRefuse(deps.publicRateLimiters?.byAddress, addressKey(address), deps.clock());
    await next();
  });

  app.route('/v1/health', healthRoutes());
  app.route('/v1/me', meRoutes(deps));
  app.route('/v1/presign', presignRoutes(deps));
  const shares = createShareStore(deps.storage, deps.clock);
  app.route('/v1/objects', objectRoutes(deps, shares));
  app.route('/v1/multipart', multipartRoutes(deps));
  app.route('/v1/shares', shareRoutes(deps, shares));
  app.route('/v1/public/shares', publicShareRoutes(deps, shares));
  const requests = createRequestStore(deps.storage, deps.clock);
  app.route('/v1/requests', requestRoutes(deps, requests));
  app.route('/v1/public/requests', publicRequestRoutes(deps, requests));
  app.all('/v1/*', () => {
    throw new Problem(404, 'not_found', 'no such route');
  });

  app.notFound((c) => c.json(problemBody('not_found', 'no such route'), 404));
  app.onError((error, c) => errorResponse(deps, error, c));
  return app;
}
