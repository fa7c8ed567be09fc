import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { guestUploadRequestSchema, type GuestUpload, type PublicRequest } from '../../protocol/index.ts';
import { userPrefix, type AppEnv, type RouteDeps } from '../context.ts';
import { Problem } from '../problem.ts';
import { reserveQuota } from '../quota.ts';
import { readJson } from '../request-body.ts';
import type { RequestRecord, RequestStore } from '../request-store.ts';
import { checkGuestObjectSize, checkOpen, guestMaxObjectSize, requestFinder, requestNotFound, requestWindow, reserveOne } from './guest-checks.ts';
import { guestMultipartRoutes } from './guest-multipart.ts';
import { inboxKey, reconcileRequest } from './guest-reconcile.ts';

/**
 * The guest's routes, without a token: `GET /v1/public/requests/:id` (title, expiry, what is left, the owner's public
 * key), `POST /v1/public/requests/:id/uploads` (one PUT URL for a new object the endpoint names in the request's
 * inbox, bound to the declared length, counted against the request's limits before it is returned), and the guest
 * multipart routes under `/:id/multipart` (guest-multipart.ts). A guest can sign nothing else: no GET, HEAD or DELETE,
 * no key of its choosing (403). Rate limited per client address (app.ts) and per request id.
 */
export function publicRequestRoutes(deps: RouteDeps, requests: RequestStore) {
  const found = requestFinder(deps, requests);

  return new Hono<AppEnv>()
    .get('/:id', async (c) => {
      const record = await reconcileRequest(deps, requests, await found(c));
      checkOpen(record, deps.clock());
      const body: PublicRequest = {
        title: record.title,
        expiresAt: record.expiresAt,
        publicKey: record.publicKey,
        filesLeft: record.maxFiles - record.files,
        bytesLeft: record.maxBytes - record.bytes,
        maxObjectSize: guestMaxObjectSize(deps),
      };
      return c.json(body);
    })
    .post('/:id/uploads', async (c) => {
      const record = await found(c);
      const request = await readJson(c, guestUploadRequestSchema);
      if (request.method !== undefined && request.method !== 'PUT') {
        throw new Problem(403, 'forbidden', `a file request only takes uploads: it cannot sign a ${request.method}`);
      }
      if (request.key !== undefined) {
        throw new Problem(403, 'forbidden', "a guest cannot choose a key: each upload goes to a new object in the request's inbox");
      }
      const size = request.contentLength;
      checkGuestObjectSize(deps, size);
      const current = await reconcileRequest(deps, requests, record);
      checkOpen(current, deps.clock());
      const window = await requestWindow(deps, current);
      const receipt = randomBytes(16).toString('base64url');
      const key = inboxKey(current, receipt);
      const reservation = await reserveQuota(deps, userPrefix({ id: record.owner }), size, { key, until: Date.parse(window.expiresAt) });
      let reserved: RequestRecord | undefined;
      try {
        reserved = await requests.update(record.id, (latest) => {
          checkOpen(latest, deps.clock());
          return reserveOne(latest, size);
        });
      } catch (error) {
        reservation.cancel();
        throw error;
      }
      if (reserved === undefined) {
        reservation.cancel();
        throw requestNotFound();
      }
      const signed = await deps.storage.presign({ method: 'PUT', key, contentLength: size, expiresIn: window.expiresIn, signingDate: window.signingDate });
      const body: GuestUpload = {
        url: signed.url,
        headers: signed.headers,
        expiresAt: window.expiresAt,
        receipt,
        filesLeft: reserved.maxFiles - reserved.files,
        bytesLeft: reserved.maxBytes - reserved.bytes,
      };
      return c.json(body);
    })
    .route('/', guestMultipartRoutes(deps, requests, found));
}
