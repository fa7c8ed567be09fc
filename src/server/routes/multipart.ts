import { Hono } from 'hono';
import {
  abortMultipartRequestSchema,
  completeMultipartRequestSchema,
  createMultipartRequestSchema,
  listPartsQuerySchema,
  MAX_PARTS,
  planParts,
  signPartsRequestSchema,
  type CreateMultipartResponse,
  type PartPage,
} from '../../protocol/index.ts';
import { requireUser } from '../auth.ts';
import { userPrefix, type AppEnv, type RouteDeps } from '../context.ts';
import { Problem } from '../problem.ts';
import { checkObjectSize, checkQuota } from '../quota.ts';
import { readJson, readQuery } from '../request-body.ts';
import { signingWindow, signParts } from '../signing.ts';

/**
 * Multipart uploads: create, sign parts, list parts, complete, abort. The server keeps no
 * state: each sign request restates the upload's size and part size, which are checked
 * again against the limits, so a client cannot sign more than the size it declares.
 */
export function multipartRoutes(deps: RouteDeps) {
  return new Hono<AppEnv>()
    .use(requireUser(deps))
    .post('/', async (c) => {
      const request = await readJson(c, createMultipartRequestSchema);
      const prefix = userPrefix(c.get('user'));
      checkObjectSize(deps, request.size);
      await checkQuota(deps, prefix, request.size, true);
      const plan = planParts(request.size, request.chunkSize);
      const uploadId = await deps.storage.createMultipart(prefix + request.key);
      deps.usage.addPending(prefix, request.size, 1);
      const body: CreateMultipartResponse = { key: request.key, uploadId, ...plan };
      return c.json(body, 201);
    })
    .post('/sign', async (c) => {
      const request = await readJson(c, signPartsRequestSchema);
      const prefix = userPrefix(c.get('user'));
      const partCount = Math.ceil(request.size / request.partSize);
      if (partCount > MAX_PARTS) {
        throw new Problem(400, 'invalid_request', `partSize: ${request.size} bytes need more than ${MAX_PARTS} parts of this size`);
      }
      checkObjectSize(deps, request.size);
      await checkQuota(deps, prefix, request.size, false);
      const window = await signingWindow(deps, request.expiresIn);
      const plan = { key: prefix + request.key, uploadId: request.uploadId, size: request.size, partSize: request.partSize, partCount };
      return c.json(await signParts(deps, plan, request.partNumbers, window));
    })
    .get('/parts', async (c) => {
      const query = readQuery(c, listPartsQuerySchema);
      const page = await deps.storage.listParts({
        key: userPrefix(c.get('user')) + query.key,
        uploadId: query.uploadId,
        ...(query.cursor === undefined ? {} : { after: query.cursor }),
      });
      const body: PartPage = page.next === undefined ? { parts: page.parts } : { parts: page.parts, nextCursor: page.next };
      return c.json(body);
    })
    .post('/complete', async (c) => {
      const request = await readJson(c, completeMultipartRequestSchema);
      await deps.storage.completeMultipart({ ...request, key: userPrefix(c.get('user')) + request.key });
      return c.json({ key: request.key });
    })
    .post('/abort', async (c) => {
      const request = await readJson(c, abortMultipartRequestSchema);
      await deps.storage.abortMultipart({ ...request, key: userPrefix(c.get('user')) + request.key });
      return c.json({ aborted: true as const });
    });
}
