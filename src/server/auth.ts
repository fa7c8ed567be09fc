import { createMiddleware } from 'hono/factory';
import type { AppEnv, RouteDeps } from './context.ts';
import { Problem } from './problem.ts';
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
    const decision = deps.rateLimiter?.take(user.id, deps.clock());
    if (decision !== undefined && !decision.ok) {
      throw new Problem(429, 'rate_limited', `too many requests: retry in ${decision.retryAfter} s`, decision.retryAfter);
    }
    await next();
  });
}
