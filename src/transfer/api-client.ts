/**
 * The browser's typed client of the Coffer endpoint (docs/PROTOCOL.md). Uses fetch only;
 * every response is checked against the shared schemas before it is trusted.
 */
import type { z } from 'zod';
import {
  abortMultipartResponseSchema,
  completeMultipartResponseSchema,
  createMultipartResponseSchema,
  deleteObjectsResponseSchema,
  healthResponseSchema,
  meResponseSchema,
  moveObjectResponseSchema,
  objectPageSchema,
  partPageSchema,
  shareInfoSchema,
  shareListSchema,
  shareUrlSchema,
  signPartsResponseSchema,
  signedUrlSchema,
  usageResponseSchema,
  type AbortMultipartRequest,
  type CompleteMultipartRequest,
  type CreateMultipartRequest,
  type CreateMultipartResponse,
  type CreateShareRequest,
  type DirectShareRequest,
  type ListObjectsQuery,
  type MeResponse,
  type MoveObjectRequest,
  type ReplaceObjectRequest,
  type MoveObjectResponse,
  type ObjectInfo,
  type ObjectPage,
  type PartPage,
  type PresignRequest,
  type ShareInfo,
  type ShareUrl,
  type SignedUrl,
  type SignPartsRequest,
  type SignPartsResponse,
  type UploadedPart,
  type UsageResponse,
} from '../protocol/index.ts';
import { ApiError } from './api-error';
import { callEndpoint } from './endpoint-call';

export { ApiError };
export { errorFrom } from './endpoint-call';

/** Where the endpoint is and who is calling. */
export interface ApiClientOptions {
  /** The endpoint's origin (and path prefix, if any), e.g. `https://vault.example.com`. */
  baseUrl: string;
  /**
   * The bearer token, or a function read at every call: a client that outlives a change of token (Settings: same
   * endpoint, same user) then sends the new one from its next call on, in uploads already running too.
   */
  token: string | (() => string);
  fetch?: typeof fetch;
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) search.set(name, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

/** Makes a client for one endpoint and token. */
export function createApiClient(options: ApiClientOptions) {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);

  const call = <T extends z.ZodType>(schema: T, path: string, body?: unknown, init: { keepalive?: boolean } = {}): Promise<z.infer<T>> =>
    callEndpoint(schema, `${base}${path}`, {
      token: typeof options.token === 'function' ? options.token() : options.token,
      body,
      fetch: doFetch,
      ...init,
    });

  const listParts = (key: string, uploadId: string, cursor?: number): Promise<PartPage> =>
    call(partPageSchema, `/v1/multipart/parts${query({ key, uploadId, cursor })}`);

  const listObjects = (params: ListObjectsQuery = {}): Promise<ObjectPage> =>
    call(objectPageSchema, `/v1/objects${query(params)}`);

  return {
    /** `GET /v1/health`. */
    health: (): Promise<{ status: 'ok' }> => call(healthResponseSchema, '/v1/health'),
    /** `GET /v1/me`: checks the token and says whose it is. */
    me: (): Promise<MeResponse> => call(meResponseSchema, '/v1/me'),
    /** `GET /v1/me/usage`: what the caller's space holds now, and their quota. */
    usage: (): Promise<UsageResponse> => call(usageResponseSchema, '/v1/me/usage'),
    /** `POST /v1/objects/move`: renames an object by a server-side copy (no bytes through the browser). */
    moveObject: (request: MoveObjectRequest): Promise<MoveObjectResponse> => call(moveObjectResponseSchema, '/v1/objects/move', request),
    /** `POST /v1/objects/replace`: `to` (written by the client) takes the place of `from`: shares follow, `from` is deleted. */
    replaceObject: (request: ReplaceObjectRequest): Promise<MoveObjectResponse> => call(moveObjectResponseSchema, '/v1/objects/replace', request),
    /**
     * `POST /v1/objects/delete`: deletes up to 1,000 objects. `keepalive`: the request outlives the page (a delete
     * sent while the tab closes; browsers allow 64 KiB of such bodies in flight).
     */
    deleteObjects: (keys: string[], options: { keepalive?: boolean } = {}): Promise<{ deleted: number }> =>
      call(deleteObjectsResponseSchema, '/v1/objects/delete', { keys }, options),
    /** `POST /v1/presign`: one signed URL. */
    presign: (request: PresignRequest): Promise<SignedUrl> => call(signedUrlSchema, '/v1/presign', request),
    /** `GET /v1/objects`: one page of objects. */
    listObjects,
    /** Every object under `prefix`, following cursors page by page. */
    async listAllObjects(prefix?: string): Promise<ObjectInfo[]> {
      const all: ObjectInfo[] = [];
      let cursor: string | undefined;
      do {
        const page = await listObjects({ ...(prefix === undefined ? {} : { prefix }), ...(cursor === undefined ? {} : { cursor }) });
        all.push(...page.objects);
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      return all;
    },
    shares: {
      /** `POST /v1/shares`: shares one object; the answer names the share id for the link. */
      create: (request: CreateShareRequest): Promise<ShareInfo> => call(shareInfoSchema, '/v1/shares', request),
      /** `GET /v1/shares`: the caller's active shares. */
      list: async (): Promise<ShareInfo[]> => (await call(shareListSchema, '/v1/shares')).shares,
      /** `POST /v1/shares/:id/revoke`: no new downloads from now on. */
      revoke: (id: string): Promise<ShareInfo> => call(shareInfoSchema, `/v1/shares/${encodeURIComponent(id)}/revoke`, {}),
      /** `POST /v1/shares/direct`: a long-lived GET URL for a stateless link. */
      direct: (request: DirectShareRequest): Promise<ShareUrl> => call(shareUrlSchema, '/v1/shares/direct', request),
    },
    multipart: {
      /** `POST /v1/multipart`: starts an upload and returns its part plan. */
      create: (request: CreateMultipartRequest): Promise<CreateMultipartResponse> =>
        call(createMultipartResponseSchema, '/v1/multipart', request),
      /** `POST /v1/multipart/sign`: one PUT URL per part number, each bound to that part's length. */
      sign: (request: SignPartsRequest): Promise<SignPartsResponse> => call(signPartsResponseSchema, '/v1/multipart/sign', request),
      /** `GET /v1/multipart/parts`: one page of uploaded parts. */
      listParts,
      /** Every uploaded part, following cursors past 1,000 parts. */
      async listAllParts(key: string, uploadId: string): Promise<UploadedPart[]> {
        const all: UploadedPart[] = [];
        let cursor: number | undefined;
        do {
          const page = await listParts(key, uploadId, cursor);
          all.push(...page.parts);
          cursor = page.nextCursor;
        } while (cursor !== undefined);
        return all;
      },
      /** `POST /v1/multipart/complete`. */
      complete: (request: CompleteMultipartRequest): Promise<{ key: string }> =>
        call(completeMultipartResponseSchema, '/v1/multipart/complete', request),
      /** `POST /v1/multipart/abort`. */
      abort: (request: AbortMultipartRequest): Promise<{ aborted: true }> =>
        call(abortMultipartResponseSchema, '/v1/multipart/abort', request),
    },
  };
}

/** The typed endpoint client returned by `createApiClient`. */
export type ApiClient = ReturnType<typeof createApiClient>;
