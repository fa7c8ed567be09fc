import { Hono } from 'hono';
import {
  deleteObjectsRequestSchema,
  keyProblem,
  listObjectsQuerySchema,
  MAX_PAGE_SIZE,
  moveObjectRequestSchema,
  replaceObjectRequestSchema,
  type MoveObjectResponse,
  type ObjectPage,
} from '../../protocol/index.ts';
import { requireUser } from '../auth.ts';
import { userPrefix, type AppEnv, type RouteDeps } from '../context.ts';
import { Problem } from '../problem.ts';
import { readJson, readQuery } from '../request-body.ts';
import type { ShareStore } from '../share-store.ts';

/** S3 DELETEs in flight for one batch delete. */
const PARALLEL_DELETES = 8;

/** Cursors are the last key of the previous page, base64url: opaque to clients, scoped by construction. */
function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (keyProblem(key) !== null || encodeCursor(key) !== cursor) {
    throw new Problem(400, 'invalid_request', 'cursor: not a cursor this endpoint returned');
  }
  return key;
}

/**
 * `GET /v1/objects`: one page of the caller's objects, keys relative to their space.
 * `POST /v1/objects/move`: renames an object inside the caller's space by a server-side copy, then deletes the old key.
 * `POST /v1/objects/replace`: an object the client wrote takes the place of another (shares follow), which is deleted.
 * `POST /v1/objects/delete`: deletes up to 1,000 of the caller's objects in one request.
 */
export function objectRoutes(deps: RouteDeps, shares: ShareStore) {
  return new Hono<AppEnv>()
    .use(requireUser(deps))
    .post('/move', async (c) => {
      const { from, to } = await readJson(c, moveObjectRequestSchema);
      const user = c.get('user');
      const space = userPrefix(user);
      const [source, target] = await Promise.all([deps.storage.headObject(space + from), deps.storage.headObject(space + to)]);
      // A retried move whose first attempt finished: the object is already where it was asked to go.
      if (source === undefined && target !== undefined) return c.json({ key: to, size: target.size } satisfies MoveObjectResponse);
      if (source === undefined) throw new Problem(404, 'object_not_found', 'from: no such object');
      if (target !== undefined) throw new Problem(409, 'object_exists', 'to: an object with this key exists already');
      await deps.storage.copyObject({ from: space + from, to: space + to, size: source.size });
      await shares.repoint(user.id, from, to);
      await deps.storage.deleteObject(space + from);
      return c.json({ key: to, size: source.size } satisfies MoveObjectResponse);
    })
    .post('/replace', async (c) => {
      const { from, to } = await readJson(c, replaceObjectRequestSchema);
      const user = c.get('user');
      const space = userPrefix(user);
      // `from` is deleted only once `to` exists: a replacement never leaves the caller with neither.
      const target = await deps.storage.headObject(space + to);
      if (target === undefined) throw new Problem(404, 'object_not_found', 'to: no such object');
      await shares.repoint(user.id, from, to);
      await deps.storage.deleteObject(space + from);
      return c.json({ key: to, size: target.size } satisfies MoveObjectResponse);
    })
    .post('/delete', async (c) => {
      const { keys } = await readJson(c, deleteObjectsRequestSchema);
      const space = userPrefix(c.get('user'));
      const unique = [...new Set(keys)];
      let next = 0;
      const lane = async () => {
        while (next < unique.length) await deps.storage.deleteObject(space + (unique[next++] as string));
      };
      await Promise.all(Array.from({ length: Math.min(PARALLEL_DELETES, unique.length) }, lane));
      return c.json({ deleted: unique.length });
    })
    .get('/', async (c) => {
      const query = readQuery(c, listObjectsQuerySchema);
      const space = userPrefix(c.get('user'));
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      const page = await deps.storage.list({
        prefix: space + (query.prefix ?? ''),
        limit: query.limit ?? MAX_PAGE_SIZE,
        ...(after === undefined ? {} : { startAfter: space + after }),
      });
      const objects = page.objects.map((object) => ({
        key: object.key.slice(space.length),
        size: object.size,
        lastModified: object.lastModified.toISOString(),
      }));
      const last = objects.at(-1);
      const body: ObjectPage = page.truncated && last !== undefined ? { objects, nextCursor: encodeCursor(last.key) } : { objects };
      return c.json(body);
    });
}
