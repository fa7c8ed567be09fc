import { Hono, type Context } from 'hono';
import { SHARE_ID_PATTERN, type PublicShare, type ShareDownload, type ShareGone, type ShareUrl } from '../../protocol/index.ts';
import { userPrefix, type AppEnv, type RouteDeps } from '../context.ts';
import { Problem } from '../problem.ts';
import { takeOrRefuse } from '../rate-limit.ts';
import { shareEnded, type ShareRecord, type ShareStore } from '../share-store.ts';
import { signingWindow } from '../signing.ts';

/** Life of the URL a counted download gets: long enough to start and resume, short enough that revoking bites soon. */
export const SHARE_DOWNLOAD_URL_SECONDS = 600;
/** Life of the header-only URL. */
export const SHARE_HEADER_URL_SECONDS = 300;

const MESSAGES = {
  share_expired: 'This link has expired',
  share_used_up: 'This link has been used up: it allowed no more downloads',
  share_revoked: 'The owner has revoked this link',
} as const;

function gone(c: Context<AppEnv>, ended: NonNullable<ReturnType<typeof shareEnded>>): Response {
  const body: ShareGone = { error: { code: ended.code, message: `${MESSAGES[ended.code]} (${ended.at})`, endedAt: ended.at } };
  return c.json(body, 410);
}

function notFound(): Problem {
  return new Problem(404, 'share_not_found', 'no such share');
}

const downloadsLeft = (record: ShareRecord): number | null =>
  record.maxDownloads === null ? null : Math.max(0, record.maxDownloads - record.downloads);

/**
 * The recipient's routes, without a token: `GET /v1/public/shares/:id` (state, nothing counted),
 * `POST .../header` (a URL that reads the file's header alone, nothing counted), `POST .../download` (one counted
 * download: a GET URL for the whole object). An unknown or malformed id is 404; an ended share 410 with why and when.
 * Rate limited per client address (app.ts) and per share id.
 */
export function publicShareRoutes(deps: RouteDeps, shares: ShareStore) {
  async function live(c: Context<AppEnv>): Promise<ShareRecord | Response> {
    const id = c.req.param('id') ?? '';
    if (!SHARE_ID_PATTERN.test(id)) throw notFound();
    const record = await shares.get(id);
    if (record === undefined) throw notFound();
    // Counted per share only once the id is known to exist, so made-up ids never take a bucket from real shares.
    takeOrRefuse(deps.publicRateLimiters?.byId, `share:${id}`, deps.clock());
    const ended = shareEnded(record, deps.clock());
    return ended === undefined ? record : gone(c, ended);
  }

  async function sign(record: ShareRecord, seconds: number, range?: string): Promise<ShareUrl> {
    const window = await signingWindow(deps, seconds);
    const signed = await deps.storage.presign({
      method: 'GET',
      key: `${userPrefix({ id: record.owner })}${record.key}`,
      ...(range === undefined ? {} : { range }),
      expiresIn: window.expiresIn,
      signingDate: window.signingDate,
    });
    return { url: signed.url, headers: signed.headers, expiresAt: window.expiresAt };
  }

  return new Hono<AppEnv>()
    .get('/:id', async (c) => {
      const record = await live(c);
      if (record instanceof Response) return record;
      const body: PublicShare = { expiresAt: record.expiresAt, downloadsLeft: downloadsLeft(record) };
      return c.json(body);
    })
    .post('/:id/header', async (c) => {
      const record = await live(c);
      if (record instanceof Response) return record;
      return c.json(await sign(record, SHARE_HEADER_URL_SECONDS, `bytes=0-${record.headerLength - 1}`));
    })
    .post('/:id/download', async (c) => {
      const checked = await live(c);
      if (checked instanceof Response) return checked;
      const taken = await shares.takeDownload(checked.id);
      if (taken === undefined) throw notFound();
      if ('ended' in taken) return gone(c, taken.ended);
      const body: ShareDownload = { ...(await sign(taken.record, SHARE_DOWNLOAD_URL_SECONDS)), downloadsLeft: downloadsLeft(taken.record) };
      return c.json(body);
    });
}
