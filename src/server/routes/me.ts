import { Hono } from 'hono';
import { requireUser } from '../auth.ts';
import type { AppEnv, RouteDeps } from '../context.ts';

/** `GET /v1/me`: who the token belongs to, so the app can check a token before using it. */
export function meRoutes(deps: RouteDeps) {
  return new Hono<AppEnv>().use(requireUser(deps)).get('/', (c) => c.json({ user: c.get('user').id }));
}
