import { createMiddleware } from 'hono/factory';
import type { AppEnv, RouteDeps } from './context.ts';
import { Problem } from './problem.ts';
import { takeOrRefuse } from './rate-limit.ts';
import { requestHeader } from './request-body.ts';

const BEARER = /^Bearer[ ]+(\S+)[ ]*$/i;

/**
 * Requires `Authorization: Bearer <token>` of a known user (401 otherwise), then takes one
 * request from that user's rate allowance (429 with Retry-After when it is spent).
 */
export function requireUser(deps: RouteDeps) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const match = BEARER.exec(requestHeader(c, 'authorization') ?? '');
    if (match === null) throw new Problem(401, 'unauthorized', 'send Authorization: Bearer <token>');
    const user = deps.users.authenticate(match[1] ?? '');
    if (user === undefined) throw new Problem(401, 'unauthorized', 'the token is not valid');
    c.set('user', user);
    takeOrRefuse(deps.rateLimiter, user.id, deps.clock());
    await next();
  });
}
