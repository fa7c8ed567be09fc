/**
 * File requests over the endpoint (docs/PROTOCOL.md, "File requests"): the owner's routes (with the token) and a
 * guest's public routes (without one), each answer checked against the shared schemas; and the guest's upload
 * of one encrypted file through the URL the endpoint signed for the request's inbox.
 */
import type { z } from 'zod';
import {
  guestUploadSchema,
  publicRequestSchema,
  requestInfoSchema,
  requestListSchema,
  type CreateRequest,
  type GuestUpload,
  type PublicRequest,
  type RequestInfo,
} from '../protocol/index.ts';
import { ApiError, errorFrom } from './api-client';
import { httpError, isTransient, withRetries } from './retry';

async function call<T extends z.ZodType>(schema: T, url: string, token?: string, body?: unknown): Promise<z.infer<T>> {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url, { method: body === undefined ? 'GET' : 'POST', headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  } catch (error) {
    throw new ApiError(0, 'network_error', `cannot reach the endpoint: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw await errorFrom(response);
  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new ApiError(response.status, 'invalid_response', `unexpected answer from ${new URL(url).pathname}`);
  return parsed.data;
}

const trim = (baseUrl: string) => baseUrl.replace(/\/+$/, '');

/** The owner's file-request routes. */
export function createRequestsClient(options: { baseUrl: string; token: string }) {
  const base = `${trim(options.baseUrl)}/v1/requests`;
  return {
    /** `POST /v1/requests`. */
    create: (request: CreateRequest): Promise<RequestInfo> => call(requestInfoSchema, base, options.token, request),
    /** `GET /v1/requests`: the caller's requests, newest first. */
    list: async (): Promise<RequestInfo[]> => (await call(requestListSchema, base, options.token)).requests,
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
  };
}

/** A guest's client of one request. */
export type GuestClient = ReturnType<typeof createGuestClient>;

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
