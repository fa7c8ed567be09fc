import { Hono } from 'hono';
import {
  abortMultipartRequestSchema,
  completeMultipartRequestSchema,
  createMultipartRequestSchema,
  listPartsQuerySchema,
  planParts,
  signPartsRequestSchema,
  type CreateMultipartResponse,
  type PartPage,
} from '../../protocol/index.ts';
import { requireUser } from '../auth.ts';
import { userPrefix, type AppEnv, type RouteDeps } from '../context.ts';
import { Problem } from '../problem.ts';
import { checkObjectSize, reserveQuota } from '../quota.ts';
import { readJson, readQuery } from '../request-body.ts';
import { signingWindow, signParts } from '../signing.ts';
import { StorageError } from '../storage.ts';

function uploadNotFound(): Problem {
  return new Problem(404, 'upload_not_found', 'no such multipart upload in your space (finished, aborted, or not started by this endpoint)');
}

/**
 * Multipart uploads: create, sign parts, list parts, complete, abort. Create fixes the upload's size and part plan
 * in an upload plan record (upload-plans.ts) and reserves the size against the quota; parts are signed only at the
 * lengths of that plan (a sign request that states another size or part size is refused), and the reservation ends
 * when the upload is completed (the object then counts) or aborted.
 */
export function multipartRoutes(deps: RouteDeps) {
  return new Hono<AppEnv>()
    .use(requireUser(deps))
    .post('/', async (c) => {
      const request = await readJson(c, createMultipartRequestSchema);
      const prefix = userPrefix(c.get('user'));
      checkObjectSize(deps, request.size);
      const plan = planParts(request.size, request.chunkSize);
      const key = prefix + request.key;
      const reservation = await reserveQuota(deps, prefix, request.size);
      let uploadId: string | undefined;
      try {
        uploadId = await deps.storage.createMultipart(key);
        reservation.bind(uploadId);
        await deps.plans.save(prefix, { key, uploadId, size: request.size, ...plan, startedAt: new Date(deps.clock()).toISOString() });
      } catch (error) {
        reservation.cancel();
        if (uploadId !== undefined) {
          const started = uploadId;
          await deps.storage.abortMultipart({ key, uploadId: started }).catch(() => undefined);
          deps.usage.release(prefix, started);
        }
        throw error;
      }
      const body: CreateMultipartResponse = { key: request.key, uploadId, ...plan };
      return c.json(body, 201);
    })
    .post('/sign', async (c) => {
      const request = await readJson(c, signPartsRequestSchema);
      const prefix = userPrefix(c.get('user'));
      const plan = await deps.plans.find(prefix, request.uploadId);
      if (plan === undefined || plan.key !== prefix + request.key) throw uploadNotFound();
      if ((request.size !== undefined && request.size !== plan.size) || (request.partSize !== undefined && request.partSize !== plan.partSize)) {
        throw new Problem(
          400,
          'invalid_request',
          `size, partSize: this upload was created for ${plan.size} bytes in parts of ${plan.partSize}: a sign request cannot change its plan`,
        );
      }
      const window = await signingWindow(deps, request.expiresIn);
      return c.json(await signParts(deps, plan, request.partNumbers, window));
    })
    .get('/parts', async (c) => {
      const query = readQuery(c, listPartsQuerySchema);
      const prefix = userPrefix(c.get('user'));
      // Only uploads with a plan can take parts; one without (started before plans were kept) is to be started over.
      const plan = await deps.plans.find(prefix, query.uploadId);
      if (plan === undefined || plan.key !== prefix + query.key) throw uploadNotFound();
      const page = await deps.storage.listParts({
        key: prefix + query.key,
        uploadId: query.uploadId,
        ...(query.cursor === undefined ? {} : { after: query.cursor }),
      });
      const body: PartPage = page.next === undefined ? { parts: page.parts } : { parts: page.parts, nextCursor: page.next };
      return c.json(body);
    })
    .post('/complete', async (c) => {
      const request = await readJson(c, completeMultipartRequestSchema);
      const prefix = userPrefix(c.get('user'));
      const key = prefix + request.key;
      await deps.storage.completeMultipart({ ...request, key });
      // Assembled: nothing may now turn this into a failure (a retried complete would find no upload).
      const plan = await deps.plans.find(prefix, request.uploadId).catch(() => undefined);
      if (plan === undefined || plan.key !== key) {
        deps.usage.release(prefix, request.uploadId);
      } else {
        deps.usage.land(prefix, request.uploadId, plan.size);
        await deps.plans.remove(prefix, request.uploadId).catch(() => undefined); // garbage otherwise: usage.ts removes it
      }
      return c.json({ key: request.key });
    })
    .post('/abort', async (c) => {
      const request = await readJson(c, abortMultipartRequestSchema);
      const prefix = userPrefix(c.get('user'));
      const key = prefix + request.key;
      try {
        await deps.storage.abortMultipart({ ...request, key });
      } catch (error) {
        // S3 holds no such upload at this key: if the plan says it was this key's, its reservation and plan are over.
        if (error instanceof StorageError && error.kind === 'upload_not_found') await forget(deps, prefix, key, request.uploadId);
        throw error;
      }
      await forget(deps, prefix, key, request.uploadId);
      return c.json({ aborted: true as const });
    });
}

/** Ends the reservation and the plan of an upload S3 no longer holds at `key` (nothing, when its plan names another). */
async function forget(deps: RouteDeps, prefix: string, key: string, uploadId: string): Promise<void> {
  const plan = await deps.plans.find(prefix, uploadId).catch(() => undefined);
  if (plan !== undefined && plan.key !== key) return;
  deps.usage.release(prefix, uploadId);
  if (plan !== undefined) await deps.plans.remove(prefix, uploadId).catch(() => undefined);
}
