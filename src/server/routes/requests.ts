import { Hono } from 'hono';
import { createRequestSchema, REQUEST_ID_PATTERN } from '../../protocol/index.ts';
import { requireUser } from '../auth.ts';
import type { AppEnv, RouteDeps } from '../context.ts';
import { Problem } from '../problem.ts';
import { readJson } from '../request-body.ts';
import { requestInfo, type RequestStore } from '../request-store.ts';

function notFound(): Problem {
  return new Problem(404, 'request_not_found', 'no such file request');
}

/**
 * The owner's file-request routes: `POST /v1/requests` (create; the body carries the vault's public key, which the
 * endpoint only stores and hands to guests), `GET /v1/requests` (the caller's requests), and
 * `POST /v1/requests/:id/close` (no more uploads). Another user's request is 404, as if it did not exist.
 */
export function requestRoutes(deps: RouteDeps, requests: RequestStore) {
  return new Hono<AppEnv>()
    .use(requireUser(deps))
    .post('/', async (c) => {
      const body = await readJson(c, createRequestSchema);
      const record = await requests.create(c.get('user').id, body);
      return c.json(requestInfo(record), 201);
    })
    .get('/', async (c) => {
      const records = await requests.list(c.get('user').id);
      return c.json({ requests: records.map(requestInfo) });
    })
    .post('/:id/close', async (c) => {
      const id = c.req.param('id');
      const owner = c.get('user').id;
      if (!REQUEST_ID_PATTERN.test(id)) throw notFound();
      const closed = await requests.update(id, (record) => {
        if (record.owner !== owner) throw notFound();
        return record.closedAt === null ? { ...record, closedAt: new Date(deps.clock()).toISOString() } : record;
      });
      if (closed === undefined) throw notFound();
      return c.json(requestInfo(closed));
    });
}
