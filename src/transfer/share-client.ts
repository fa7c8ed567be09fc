/**
 * The recipient's client of a share link's public routes (docs/PROTOCOL.md, "Shares"): no token, nothing but the share
 * id is sent. A share that ended answers 410, turned into `ShareGoneError` with why and since when.
 */
import {
  publicShareSchema,
  shareDownloadSchema,
  shareGoneSchema,
  shareUrlSchema,
  type PublicShare,
  type ShareDownload,
  type ShareGone,
  type ShareUrl,
} from '../protocol/index.ts';
import type { z } from 'zod';
import { callEndpoint } from './endpoint-call';

/** A share that no longer allows downloads: expired, used up or revoked, at `endedAt`. */
export class ShareGoneError extends Error {
  override name = 'ShareGoneError';
  /** Why the share ended. */
  readonly reason: ShareGone['error']['code'];
  /** When it ended (ISO 8601). */
  readonly endedAt: string;

  constructor(gone: ShareGone) {
    super(gone.error.message);
    this.reason = gone.error.code;
    this.endedAt = gone.error.endedAt;
  }
}

/** Makes a client for the public share routes of the endpoint at `baseUrl`. */
export function createShareClient(baseUrl: string, doFetch: typeof fetch = globalThis.fetch.bind(globalThis)) {
  const base = baseUrl.replace(/\/+$/, '');

  /** A share that ended answers 410 with why and since when. */
  const refusal = (status: number, body: unknown): Error | undefined => {
    const gone = status === 410 ? shareGoneSchema.safeParse(body) : undefined;
    return gone?.success ? new ShareGoneError(gone.data) : undefined;
  };
  const call = <T extends z.ZodType>(schema: T, id: string, path: string, method: 'GET' | 'POST'): Promise<z.infer<T>> =>
    callEndpoint(schema, `${base}/v1/public/shares/${encodeURIComponent(id)}${path}`, { method, fetch: doFetch, refusal });

  return {
    /** Whether the share still allows downloads; nothing is counted. */
    state: (id: string): Promise<PublicShare> => call(publicShareSchema, id, '', 'GET'),
    /** A URL (and the exact Range header to send) that reads the file's header alone; nothing is counted. */
    header: (id: string): Promise<ShareUrl> => call(shareUrlSchema, id, '/header', 'POST'),
    /** Counts one download and returns a GET URL for the whole object, valid for a few minutes. */
    download: (id: string): Promise<ShareDownload> => call(shareDownloadSchema, id, '/download', 'POST'),
  };
}

/** The public share client. */
export type ShareClient = ReturnType<typeof createShareClient>;
