import { Hono } from 'hono';
import { presignRequestSchema, type SignedUrl } from '../../protocol/index.ts';
import { requireUser } from '../auth.ts';
import { userPrefix, type AppEnv, type RouteDeps } from '../context.ts';
import { checkObjectSize, checkQuota } from '../quota.ts';
import { readJson } from '../request-body.ts';
import { signingWindow } from '../signing.ts';

/** `POST /v1/presign`: one signed URL for GET, HEAD, DELETE or a length-bound PUT in the caller's space. */
export function presignRoutes(deps: RouteDeps) {
  return new Hono<AppEnv>().use(requireUser(deps)).post('/', async (c) => {
    const request = await readJson(c, presignRequestSchema);
    const prefix = userPrefix(c.get('user'));
    if (request.method === 'PUT') {
      checkObjectSize(deps, request.contentLength);
      await checkQuota(deps, prefix, request.contentLength, true);
    }
    const window = await signingWindow(deps, request.expiresIn);
    const signed = await deps.storage.presign({
      method: request.method,
      key: prefix + request.key,
      ...(request.method === 'PUT' ? { contentLength: request.contentLength } : {}),
      expiresIn: window.expiresIn,
      signingDate: window.signingDate,
    });
    if (request.method === 'PUT') deps.usage.addPending(prefix, request.contentLength, 1);
    const body: SignedUrl = { url: signed.url, method: request.method, headers: signed.headers, expiresAt: window.expiresAt };
    return c.json(body);
  });
}
