import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import {
  guestUploadRequestSchema,
  INBOX_PREFIX,
  MAX_GUEST_OBJECT_SIZE,
  REQUEST_ID_PATTERN,
  type GuestUpload,
  type PublicRequest,
} from '../../protocol/index.ts';
import { userPrefix, type AppEnv, type RouteDeps } from '../context.ts';
import { Problem } from '../problem.ts';
import { checkQuota } from '../quota.ts';
import { readJson } from '../request-body.ts';
import type { RequestRecord, RequestStore } from '../request-store.ts';
import { signingWindow } from '../signing.ts';

function notFound(): Problem {
  return new Problem(404, 'request_not_found', 'no such file request: check the link');
}

/** Refuses a request that no longer takes uploads (410), saying why and since when. */
function checkOpen(record: RequestRecord, now: number): void {
  if (record.closedAt !== null) {
    throw new Problem(410, 'request_closed', `The owner closed this file request (${record.closedAt}): it takes no more uploads`);
  }
  if (Date.parse(record.expiresAt) <= now) {
    throw new Problem(410, 'request_expired', `This file request expired (${record.expiresAt}): it takes no more uploads`);
  }
}

/** The largest object a guest may upload here. */
const maxObjectSize = (deps: RouteDeps): number => Math.min(deps.config.limits.maxObjectSize, MAX_GUEST_OBJECT_SIZE);

/**
 * The guest's routes, without a token: `GET /v1/public/requests/:id` (title, expiry, what is left, the owner's public
 * key) and `POST /v1/public/requests/:id/uploads` (one PUT URL for a new object the endpoint names in the request's
 * inbox, bound to the declared length, counted against the request's limits before it is returned). A guest can
 * sign nothing else: no GET, HEAD or DELETE, no key of its choosing (403). Rate limited per request id.
 */
export function publicRequestRoutes(deps: RouteDeps, requests: RequestStore) {
  async function found(c: Context<AppEnv>): Promise<RequestRecord> {
    const id = c.req.param('id') ?? '';
    if (!REQUEST_ID_PATTERN.test(id)) throw notFound();
    const record = await requests.get(id);
    if (record === undefined) throw notFound();
    // Limited only once the id is known to exist, so random ids cannot grow the limiter's memory.
    const decision = deps.rateLimiter?.take(`request:${id}`, deps.clock());
    if (decision !== undefined && !decision.ok) {
      throw new Problem(429, 'rate_limited', `too many requests: retry in ${decision.retryAfter} s`, decision.retryAfter);
    }
    return record;
  }

  return new Hono<AppEnv>()
    .get('/:id', async (c) => {
      const record = await found(c);
      checkOpen(record, deps.clock());
      const body: PublicRequest = {
        title: record.title,
        expiresAt: record.expiresAt,
        publicKey: record.publicKey,
        filesLeft: record.maxFiles - record.files,
        bytesLeft: record.maxBytes - record.bytes,
        maxObjectSize: maxObjectSize(deps),
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
      const max = maxObjectSize(deps);
      if (size > max) throw new Problem(413, 'object_too_large', `a file sent to a request may be at most ${max} bytes once encrypted`);
      checkOpen(record, deps.clock());
      const owner = userPrefix({ id: record.owner });
      await checkQuota(deps, owner, size, true);
      const reserved = await requests.update(record.id, (current) => {
        checkOpen(current, deps.clock());
        if (current.files + 1 > current.maxFiles) {
          throw new Problem(409, 'request_full', `This file request takes at most ${current.maxFiles} files, and all were sent`);
        }
        if (current.bytes + size > current.maxBytes) {
          const left = current.maxBytes - current.bytes;
          throw new Problem(413, 'request_too_large', `This file is too large for the request: ${left} of ${current.maxBytes} bytes are left`);
        }
        return { ...current, files: current.files + 1, bytes: current.bytes + size };
      });
      if (reserved === undefined) throw notFound();
      // The URL never outlives the request.
      const untilExpiry = Math.max(1, Math.floor((Date.parse(reserved.expiresAt) - deps.clock()) / 1000));
      const window = await signingWindow(deps, untilExpiry);
      const receipt = randomBytes(16).toString('base64url');
      const signed = await deps.storage.presign({
        method: 'PUT',
        key: `${owner}${INBOX_PREFIX}${record.id}/${receipt}`,
        contentLength: size,
        expiresIn: window.expiresIn,
        signingDate: window.signingDate,
      });
      deps.usage.addPending(owner, size, 1);
      const body: GuestUpload = {
        url: signed.url,
        headers: signed.headers,
        expiresAt: window.expiresAt,
        receipt,
        filesLeft: reserved.maxFiles - reserved.files,
        bytesLeft: reserved.maxBytes - reserved.bytes,
      };
      return c.json(body);
    });
}
