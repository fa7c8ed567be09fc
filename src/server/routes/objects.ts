import { Hono } from 'hono';
import { keyProblem, listObjectsQuerySchema, MAX_PAGE_SIZE, type ObjectPage } from '../../protocol/index.ts';
import { requireUser } from '../auth.ts';
import { userPrefix, type AppEnv, type RouteDeps } from '../context.ts';
import { Problem } from '../problem.ts';
import { readQuery } from '../request-body.ts';

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

/** `GET /v1/objects`: one page of the caller's objects, keys relative to their space. */
export function objectRoutes(deps: RouteDeps) {
  return new Hono<AppEnv>().use(requireUser(deps)).get('/', async (c) => {
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
