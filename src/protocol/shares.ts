/**
 * Share links (docs/PROTOCOL.md, "Shares"): owner routes under /v1/shares (authenticated) and the recipient's public
 * routes under /v1/public/shares/:id (no token). The endpoint keeps one record per share; it never sees a key.
 */
import { z } from 'zod';
import { keySchema } from './keys.ts';
import { MAX_PRESIGN_SECONDS } from './limits.ts';

/** Share ids: 22 base64url characters, 128 random bits. */
export const SHARE_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
/** Shortest share life: ten seconds (short links are for testing and for handing over in person). */
export const MIN_SHARE_SECONDS = 10;
/** Longest share life: one year. */
export const MAX_SHARE_SECONDS = 365 * 86_400;
/**
 * Days an ended share (expired, used up, revoked) is kept: its link says why and since when, and its owner still sees
 * it in the list. Then the record is deleted, and the link is one the endpoint does not know.
 */
export const ENDED_SHARE_KEPT_DAYS = 7;
/** Most downloads a share may allow. */
export const MAX_SHARE_DOWNLOADS = 10_000;
/** Smallest and largest header a share may declare (the format's bounds). */
export const SHARE_HEADER_BOUNDS = { min: 102, max: 65_536 } as const;

/** A share id as it appears in a link. */
export const shareIdSchema = z.string().regex(SHARE_ID_PATTERN, 'not a share id');

/** `POST /v1/shares` body. `headerLength` bounds the recipient's uncounted header read to the header alone. */
export const createShareRequestSchema = z.strictObject({
  key: keySchema,
  expiresIn: z.int().min(MIN_SHARE_SECONDS).max(MAX_SHARE_SECONDS),
  maxDownloads: z.int().min(1).max(MAX_SHARE_DOWNLOADS).optional(),
  headerLength: z.int().min(SHARE_HEADER_BOUNDS.min).max(SHARE_HEADER_BOUNDS.max),
});
/** A request to share one object. */
export type CreateShareRequest = z.infer<typeof createShareRequestSchema>;

/** Why a share no longer allows downloads. */
export const shareEndSchema = z.enum(['share_expired', 'share_used_up', 'share_revoked']);

/**
 * A share as its owner sees it. `maxDownloads` null: no limit. `ended`: why and since when it no longer allows
 * downloads (the endpoint's clock decides), null while it does.
 */
export const shareInfoSchema = z.object({
  id: z.string(),
  key: z.string(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  maxDownloads: z.number().nullable(),
  downloads: z.number(),
  revokedAt: z.iso.datetime().nullable(),
  ended: z.object({ code: shareEndSchema, at: z.iso.datetime() }).nullable(),
});
/** One share of the caller. */
export type ShareInfo = z.infer<typeof shareInfoSchema>;

/**
 * The answer to `GET /v1/shares`: the caller's shares that still allow downloads, newest first, then those that ended
 * in the last ENDED_SHARE_KEPT_DAYS, the latest ended first.
 */
export const shareListSchema = z.object({ shares: z.array(shareInfoSchema) });

/** `POST /v1/shares/direct` body: a stateless link, i.e. one long-lived pre-signed GET (at most 7 days). */
export const directShareRequestSchema = z.strictObject({
  key: keySchema,
  expiresIn: z.int().min(MIN_SHARE_SECONDS).max(MAX_PRESIGN_SECONDS),
});
/** A request for a direct link's URL. */
export type DirectShareRequest = z.infer<typeof directShareRequestSchema>;

/** `GET /v1/public/shares/:id`: whether a share can be downloaded, without counting a download. */
export const publicShareSchema = z.object({
  expiresAt: z.iso.datetime(),
  /** Downloads still allowed; null: no limit. */
  downloadsLeft: z.number().nullable(),
});
/** What a recipient learns about a live share. */
export type PublicShare = z.infer<typeof publicShareSchema>;

/** A GET URL for the recipient and the headers to send with it exactly (the header read signs its Range). */
export const shareUrlSchema = z.object({
  url: z.string(),
  headers: z.record(z.string(), z.string()),
  expiresAt: z.iso.datetime(),
});
/** A signed GET for a recipient. */
export type ShareUrl = z.infer<typeof shareUrlSchema>;

/** The answer to `POST /v1/public/shares/:id/download`: one counted download. */
export const shareDownloadSchema = shareUrlSchema.extend({ downloadsLeft: z.number().nullable() });
/** A counted download's URL. */
export type ShareDownload = z.infer<typeof shareDownloadSchema>;

/** Why a share no longer works (410), and since when. */
export const shareGoneSchema = z.object({
  error: z.object({
    code: shareEndSchema,
    message: z.string(),
    endedAt: z.iso.datetime(),
  }),
});
/** The body of a 410 answer of a public share route. */
export type ShareGone = z.infer<typeof shareGoneSchema>;
