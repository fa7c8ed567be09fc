/**
 * The recipient's client of a share link's public routes (docs/PROTOCOL.md, "Shares"): no token, nothing but the share
 * id is sent. A share that ended answers 410, turned into `ShareGoneError` with why and since when.
 */
import {
  errorBodySchema,
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
import { ApiError } from './api-client';

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

  async function call<T extends z.ZodType>(schema: T, id: string, path: string, method: 'GET' | 'POST'): Promise<z.infer<T>> {
    let response: Response;
    try {
      response = await doFetch(`${base}/v1/public/shares/${encodeURIComponent(id)}${path}`, { method });
    } catch (error) {
      throw new ApiError(0, 'network_error', `cannot reach the endpoint: ${error instanceof Error ? error.message : String(error)}`);
    }
    const json: unknown = await response.json().catch(() => undefined);
    if (response.status === 410) {
      const gone = shareGoneSchema.safeParse(json);
      if (gone.success) throw new ShareGoneError(gone.data);
    }
    if (!response.ok) {
      const problem = errorBodySchema.safeParse(json);
      const retryAfter = Number(response.headers.get('retry-after')) || undefined;
      if (!problem.success) throw new ApiError(response.status, 'invalid_response', `HTTP ${response.status}`, retryAfter);
      throw new ApiError(response.status, problem.data.error.code, problem.data.error.message, retryAfter);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new ApiError(response.status, 'invalid_response', 'unexpected answer from the share route');
    return parsed.data;
  }

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
