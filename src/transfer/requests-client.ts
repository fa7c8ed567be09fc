/**
 * File requests over the endpoint (docs/PROTOCOL.md, "File requests"): the owner's routes (with the token) and a
 * guest's public routes (without one), each answer checked against the shared schemas; and the guest's upload
 * of one encrypted file through the URL the endpoint signed for the request's inbox.
 */
import type { z } from 'zod';
import {
  guestAbortedSchema,
  guestCompletedSchema,
  guestMultipartSchema,
  guestUploadSchema,
  keypairCreatedSchema,
  signPartsResponseSchema,
  publicRequestSchema,
  requestInfoSchema,
  requestListSchema,
  type CreateRequest,
  type GuestComplete,
  type GuestMultipart,
  type GuestMultipartRequest,
  type GuestSignParts,
  type GuestUpload,
  type SignPartsResponse,
  type PublicRequest,
  type RequestInfo,
} from '../protocol/index.ts';
import { ApiError, createApiClient, type ApiClient } from './api-client';
import { callEndpoint } from './endpoint-call';
import { httpError, isTransient, withRetries } from './retry';

const call = <T extends z.ZodType>(schema: T, url: string, token?: string, body?: unknown, init: { keepalive?: boolean } = {}): Promise<z.infer<T>> =>
  callEndpoint(schema, url, { ...(token === undefined ? {} : { token }), body, ...init });

const trim = (baseUrl: string) => baseUrl.replace(/\/+$/, '');

/** The owner's file-request routes. */
export function createRequestsClient(options: { baseUrl: string; token: string }) {
  const base = `${trim(options.baseUrl)}/v1/requests`;
  return {
    /** `POST /v1/requests`. */
    create: (request: CreateRequest): Promise<RequestInfo> => call(requestInfoSchema, base, options.token, request),
    /** `GET /v1/requests`: the caller's requests, newest first. */
    list: async (): Promise<RequestInfo[]> => (await call(requestListSchema, base, options.token)).requests,
    /** `POST /v1/requests/keypair`: stores the vault's key pair object; false when the vault already had one (409). */
    async createKeypair(object: string): Promise<boolean> {
      try {
        await call(keypairCreatedSchema, `${base}/keypair`, options.token, { object });
        return true;
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) return false;
        throw error;
      }
    },
    /** `POST /v1/requests/:id/close`. */
    close: (id: string): Promise<RequestInfo> => call(requestInfoSchema, `${base}/${encodeURIComponent(id)}/close`, options.token, {}),
  };
}

/** The owner's file-request client. */
export type RequestsClient = ReturnType<typeof createRequestsClient>;

/** A guest's routes of one request, without a token. */
export function createGuestClient(baseUrl: string, id: string) {
  const base = `${trim(baseUrl)}/v1/public/requests/${encodeURIComponent(id)}`;
  return {
    /** `GET /v1/public/requests/:id`: title, expiry, what is left, the owner's public key. */
    info: (): Promise<PublicRequest> => call(publicRequestSchema, base),
    /** `POST /v1/public/requests/:id/uploads`: one length-bound PUT URL into the inbox, counted at once. */
    signUpload: (contentLength: number): Promise<GuestUpload> => call(guestUploadSchema, `${base}/uploads`, undefined, { contentLength }),
    multipart: {
      /** `POST .../multipart`: starts an upload of `size` encrypted bytes, counted against the request at once. */
      start: (request: GuestMultipartRequest): Promise<GuestMultipart> => call(guestMultipartSchema, `${base}/multipart`, undefined, request),
      /** `POST .../multipart/:receipt/sign`: part URLs, each bound to its planned length. */
      sign: (receipt: string, request: GuestSignParts): Promise<SignPartsResponse> =>
        call(signPartsResponseSchema, `${base}/multipart/${encodeURIComponent(receipt)}/sign`, undefined, request),
      /** `POST .../multipart/:receipt/complete`. */
      complete: (receipt: string, request: GuestComplete) =>
        call(guestCompletedSchema, `${base}/multipart/${encodeURIComponent(receipt)}/complete`, undefined, request),
      /**
       * `POST .../multipart/:receipt/abort`: S3 frees the parts; the request gets the file and its bytes back.
       * `keepalive`: the request outlives the page (an upload cut off by closing the tab).
       */
      abort: (receipt: string, uploadId: string, options: { keepalive?: boolean } = {}) =>
        call(guestAbortedSchema, `${base}/multipart/${encodeURIComponent(receipt)}/abort`, undefined, { uploadId }, options),
    },
  };
}

/** A guest's client of one request. */
export type GuestClient = ReturnType<typeof createGuestClient>;

/**
 * The endpoint client the upload machinery (transfer/upload) drives, for a guest: multipart calls go to the request's
 * guest routes, where the endpoint names the object (the receipt stands in for the key) and keeps the size and plan
 * itself. Guests may not list parts (resuming after a reload needs the vault key anyway), and every other call is the
 * tokenless client's, which the endpoint refuses (401).
 */
export function guestUploadApi(baseUrl: string, guest: GuestClient): ApiClient {
  const cannotList = () => {
    throw new ApiError(404, 'upload_not_found', 'a guest upload cannot be resumed: it starts over');
  };
  return {
    ...createApiClient({ baseUrl, token: '' }),
    multipart: {
      async create({ size, chunkSize }) {
        const started = await guest.multipart.start({ size, chunkSize });
        return { key: started.receipt, uploadId: started.uploadId, partSize: started.partSize, partCount: started.partCount };
      },
      sign: ({ key, uploadId, partNumbers }) => guest.multipart.sign(key, { uploadId, partNumbers }),
      listParts: async () => cannotList(),
      listAllParts: async () => cannotList(),
      async complete({ key, uploadId, parts }) {
        await guest.multipart.complete(key, { uploadId, parts });
        return { key };
      },
      async abort({ key, uploadId }) {
        await guest.multipart.abort(key, uploadId);
        return { aborted: true as const };
      },
    },
  };
}

/**
 * Uploads one encrypted file for a guest: signs (which counts it against the request), then PUTs exactly the signed
 * length, retried on network failures and 5xx. Resolves with the receipt.
 */
export async function uploadToRequest(guest: GuestClient, ciphertext: Blob, signal?: AbortSignal): Promise<GuestUpload> {
  const signed = await guest.signUpload(ciphertext.size);
  await withRetries(
    async () => {
      const response = await fetch(signed.url, { method: 'PUT', body: ciphertext, headers: signed.headers, ...(signal ? { signal } : {}) });
      if (!response.ok) throw await httpError(response, 'store the file');
    },
    { ...(signal ? { signal } : {}), retryable: isTransient },
  );
  return signed;
}
