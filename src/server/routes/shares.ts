import { Hono } from 'hono';
import {
  createShareRequestSchema,
  directShareRequestSchema,
  MAX_PRESIGN_SECONDS,
  shareIdSchema,
  type ShareUrl,
} from '../../protocol/index.ts';
import { requireUser } from '../auth.ts';
import { userPrefix, type AppEnv, type RouteDeps } from '../context.ts';
import { Problem } from '../problem.ts';
import { readJson } from '../request-body.ts';
import { shareInfo, type ShareStore } from '../share-store.ts';
import { signingWindow } from '../signing.ts';

function notFound(): Problem {
  return new Problem(404, 'share_not_found', 'no such share of yours');
}

/**
 * The owner's share routes: `POST /v1/shares` (create), `GET /v1/shares` (active shares, then recently ended ones),
 * `POST /v1/shares/:id/revoke`, and `POST /v1/shares/direct` (a stateless link: one long-lived GET URL, no record).
 */
export function shareRoutes(deps: RouteDeps, shares: ShareStore) {
  return new Hono<AppEnv>()
    .use(requireUser(deps))
    .post('/', async (c) => {
      const request = await readJson(c, createShareRequestSchema);
      const record = await shares.create(c.get('user').id, request);
      return c.json(shareInfo(record, deps.clock()), 201);
    })
    .get('/', async (c) => {
      const now = deps.clock();
      const records = await shares.list(c.get('user').id, now);
      return c.json({ shares: records.map((record) => shareInfo(record, now)) });
    })
    .post('/direct', async (c) => {
      const request = await readJson(c, directShareRequestSchema);
      // Direct links are the one place a URL may outlive COFFER_PRESIGN_MAX_EXPIRES: that is what the owner asks for.
      const window = await signingWindow({ ...deps, config: { ...deps.config, presignMaxExpires: MAX_PRESIGN_SECONDS } }, request.expiresIn);
      const signed = await deps.storage.presign({
        method: 'GET',
        key: userPrefix(c.get('user')) + request.key,
        expiresIn: window.expiresIn,
        signingDate: window.signingDate,
      });
      const body: ShareUrl = { url: signed.url, headers: signed.headers, expiresAt: window.expiresAt };
      return c.json(body);
    })
    .post('/:id/revoke', async (c) => {
      const id = shareIdSchema.safeParse(c.req.param('id'));
      if (!id.success) throw notFound();
      const record = await shares.revoke(c.get('user').id, id.data);
      if (record === undefined) throw notFound();
      return c.json(shareInfo(record, deps.clock()));
    });
}
