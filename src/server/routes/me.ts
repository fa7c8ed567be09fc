import { Hono } from 'hono';
import type { UsageResponse } from '../../protocol/index.ts';
import { requireUser } from '../auth.ts';
import { userPrefix, type AppEnv, type RouteDeps } from '../context.ts';

/**
 * `GET /v1/me`: who the token belongs to, so the app can check a token before using it (cheap: no S3 call).
 * `GET /v1/me/usage`: what the caller's space holds, listed from S3 now, what uploads in progress reserve, and the quota.
 */
export function meRoutes(deps: RouteDeps) {
  return new Hono<AppEnv>()
    .use(requireUser(deps))
    .get('/', (c) => c.json({ user: c.get('user').id }))
    .get('/usage', async (c) => {
      const { stored, reserved } = await deps.usage.measure(userPrefix(c.get('user')), deps.clock());
      const { quotaBytes, quotaObjects } = deps.config.limits;
      const body: UsageResponse = { usage: stored, reserved, quota: { bytes: quotaBytes ?? null, objects: quotaObjects ?? null } };
      return c.json(body);
    });
}
