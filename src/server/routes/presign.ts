import { Hono } from 'hono';
import { presignRequestSchema, type SignedUrl } from '../../protocol/index.ts';
import { requireUser } from '../auth.ts';
import { userPrefix, type AppEnv, type RouteDeps } from '../context.ts';
import { checkObjectSize, reserveQuota } from '../quota.ts';
import { readJson } from '../request-body.ts';
import { signingWindow } from '../signing.ts';

/**
 * `POST /v1/presign`: one signed URL for GET, HEAD, DELETE or a length-bound PUT in the caller's space. A PUT reserves
 * its length against the quota until the URL expires or a listing shows the object.
 */
export function presignRoutes(deps: RouteDeps) {
  return new Hono<AppEnv>().use(requireUser(deps)).post('/', async (c) => {
    const request = await readJson(c, presignRequestSchema);
    const prefix = userPrefix(c.get('user'));
    const window = await signingWindow(deps, request.expiresIn);
    const key = prefix + request.key;
    if (request.method !== 'PUT') {
      const signed = await deps.storage.presign({ method: request.method, key, expiresIn: window.expiresIn, signingDate: window.signingDate });
      return c.json({ url: signed.url, method: request.method, headers: signed.headers, expiresAt: window.expiresAt } satisfies SignedUrl);
    }
    checkObjectSize(deps, request.contentLength);
    const reservation = await reserveQuota(deps, prefix, request.contentLength, { key, until: Date.parse(window.expiresAt) });
    try {
      const signed = await deps.storage.presign({ method: 'PUT', key, contentLength: request.contentLength, expiresIn: window.expiresIn, signingDate: window.signingDate });
      return c.json({ url: signed.url, method: 'PUT', headers: signed.headers, expiresAt: window.expiresAt } satisfies SignedUrl);
    } catch (error) {
      reservation.cancel();
      throw error;
    }
  });
}
