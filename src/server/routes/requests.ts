import { Hono } from 'hono';
import { createKeypairSchema, createRequestSchema, KEYPAIR_KEY, KEYPAIR_OBJECT_PREFIX, REQUEST_ID_PATTERN } from '../../protocol/index.ts';
import { requireUser } from '../auth.ts';
import { userPrefix, type AppEnv, type RouteDeps } from '../context.ts';
import { Problem } from '../problem.ts';
import { createLocks } from '../record-store.ts';
import { readJson } from '../request-body.ts';
import { requestInfo, type RequestStore } from '../request-store.ts';
import { reconcileRequest } from './guest-reconcile.ts';

function notFound(): Problem {
  return new Problem(404, 'request_not_found', 'no such file request');
}

/**
 * The owner's file-request routes: `POST /v1/requests` (create; the body carries the vault's public key, which the
 * endpoint only stores and hands to guests), `GET /v1/requests` (the caller's requests, their counts reconciled with
 * S3: guest-reconcile.ts), and
 * `POST /v1/requests/:id/close` (no more uploads). Another user's request is 404, as if it did not exist.
 * `POST /v1/requests/keypair` stores the vault's key pair object once: never over an existing one.
 */
export function requestRoutes(deps: RouteDeps, requests: RequestStore) {
  const locked = createLocks();
  return new Hono<AppEnv>()
    .use(requireUser(deps))
    .post('/keypair', async (c) => {
      const { object } = await readJson(c, createKeypairSchema);
      const bytes = Buffer.from(object, 'base64url');
      if (!KEYPAIR_OBJECT_PREFIX.every((byte, i) => bytes[i] === byte)) {
        throw new Problem(400, 'invalid_request', 'object: not a version 1 key pair object');
      }
      const key = userPrefix(c.get('user')) + KEYPAIR_KEY;
      // Check, then create with If-None-Match: the check makes one process exact on an S3 that ignores the condition
      // (s3rver); the condition makes several processes exact where S3 honours it (AWS, RGW).
      const outcome = await locked(key, async () => ((await deps.storage.headObject(key)) ? 'exists' : deps.storage.createObject(key, bytes)));
      if (outcome === 'exists') throw new Problem(409, 'object_exists', 'the vault already has a key pair: use the stored one');
      return c.json({ created: true as const }, 201);
    })
    .post('/', async (c) => {
      const body = await readJson(c, createRequestSchema);
      const record = await requests.create(c.get('user').id, body);
      return c.json(requestInfo(record), 201);
    })
    .get('/', async (c) => {
      const records = await requests.list(c.get('user').id);
      // Counts as S3 has them: uploads that are over (a lost abort, a completed upload) settled first.
      const settled = await Promise.all(records.map((record) => reconcileRequest(deps, requests, record)));
      return c.json({ requests: settled.map(requestInfo) });
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
