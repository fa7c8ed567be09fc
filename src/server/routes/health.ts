import { Hono } from 'hono';

/** `GET /v1/health`: answers without authentication, so load balancers and the app can probe. */
export function healthRoutes() {
  return new Hono().get('/', (c) => c.json({ status: 'ok' as const }));
}
