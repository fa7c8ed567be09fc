import { describe, expect, it } from 'vitest';
import { objectPageSchema } from '../../protocol/index.ts';
import { createTestApp, getAs } from '../testing.ts';

function seed(objects: Map<string, { key: string; size: number; lastModified: Date }>, keys: string[]) {
  for (const key of keys) objects.set(key, { key, size: key.length, lastModified: new Date(0) });
}

describe('GET /v1/objects', () => {
  it('lists only the caller’s objects, keys relative to their space', async () => {
    const { app, storage } = createTestApp();
    seed(storage.objects, ['users/alice/a', 'users/alice/dir/b', 'users/bob/c', 'users/alicex/d']);
    const page = objectPageSchema.parse(await (await app.request('/v1/objects', getAs('alice'))).json());
    expect(page.objects.map((o) => o.key)).toEqual(['a', 'dir/b']);
    expect(page.objects[0]).toEqual({ key: 'a', size: 13, lastModified: '1970-01-01T00:00:00.000Z' });
    expect(page.nextCursor).toBeUndefined();
  });

  it('filters by prefix and pages with an opaque cursor', async () => {
    const { app, storage } = createTestApp();
    seed(storage.objects, ['users/alice/p/1', 'users/alice/p/2', 'users/alice/p/3', 'users/alice/q']);
    const first = objectPageSchema.parse(await (await app.request('/v1/objects?prefix=p/&limit=2', getAs('alice'))).json());
    expect(first.objects.map((o) => o.key)).toEqual(['p/1', 'p/2']);
    expect(first.nextCursor).toBeDefined();
    const next = await app.request(`/v1/objects?prefix=p/&limit=2&cursor=${first.nextCursor ?? ''}`, getAs('alice'));
    const second = objectPageSchema.parse(await next.json());
    expect(second.objects.map((o) => o.key)).toEqual(['p/3']);
    expect(second.nextCursor).toBeUndefined();
  });

  it('refuses a cursor it did not make', async () => {
    const { app } = createTestApp();
    const response = await app.request('/v1/objects?cursor=Li4vYm9i', getAs('alice'));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_request' } });
  });
});
