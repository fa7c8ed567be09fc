/**
 * One call to the Coffer endpoint (docs/PROTOCOL.md), as every client of it makes it: JSON in, the answer checked
 * against its schema before it is trusted, and any failure an ApiError - `network_error` when the endpoint cannot be
 * reached, the endpoint's own `{"error":{"code","message"}}` for a refusal, `invalid_response` for anything else.
 */
import type { z } from 'zod';
import { errorBodySchema } from '../protocol/index.ts';
import { ApiError } from './api-error';

/** How one endpoint call is made. */
export interface EndpointCallOptions {
  /** The bearer token; public routes send none. */
  token?: string;
  /** A JSON body: the call is a POST (GET without one, unless `method` says otherwise). */
  body?: unknown;
  method?: 'GET' | 'POST';
  /** The request outlives the page (a call sent as the tab closes). */
  keepalive?: boolean;
  fetch?: typeof fetch;
  /**
   * A route's own error answers: given a failed answer's status and JSON body, the error to throw instead of the
   * generic ApiError (e.g. a share's 410 with why and since when), or undefined.
   */
  refusal?: (status: number, body: unknown) => Error | undefined;
}

function retryAfterOf(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  return header === null ? undefined : Number(header) || undefined;
}

/** The ApiError for a failed endpoint answer whose JSON body is `body` (its error, or `invalid_response`). */
export function errorFromBody(response: Response, body: unknown): ApiError {
  const parsed = errorBodySchema.safeParse(body);
  const retryAfter = retryAfterOf(response);
  if (!parsed.success) return new ApiError(response.status, 'invalid_response', `HTTP ${response.status}`, retryAfter);
  return new ApiError(response.status, parsed.data.error.code, parsed.data.error.message, retryAfter);
}

/** The ApiError for a failed endpoint answer (its JSON error body, or `invalid_response`). */
export async function errorFrom(response: Response): Promise<ApiError> {
  return errorFromBody(response, await response.json().catch(() => null));
}

/** Calls `url` and returns its answer parsed by `schema`; throws ApiError (or the route's own refusal). */
export async function callEndpoint<T extends z.ZodType>(schema: T, url: string, options: EndpointCallOptions = {}): Promise<z.infer<T>> {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  let response: Response;
  try {
    response = await doFetch(url, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      ...(options.keepalive === undefined ? {} : { keepalive: options.keepalive }),
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  } catch (error) {
    throw new ApiError(0, 'network_error', `cannot reach the endpoint: ${error instanceof Error ? error.message : String(error)}`);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw options.refusal?.(response.status, body) ?? errorFromBody(response, body);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError(response.status, 'invalid_response', `unexpected answer from ${new URL(url, 'http://x').pathname}`);
  return parsed.data;
}
