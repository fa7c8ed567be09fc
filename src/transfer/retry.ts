/**
 * Retrying transfers: exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"),
 * for failures that may pass - network errors, 5xx, 429, from S3 or from the endpoint - and never for ones that will
 * not.
 */
import { ApiError } from './api-error';

/** A request to S3 that failed with an HTTP status. */
export class TransferHttpError extends Error {
  constructor(
    readonly status: number,
    readonly s3Code: string | undefined,
    message: string,
    /** Seconds to wait, when the server said (Retry-After). */
    readonly retryAfter?: number,
    /** S3's own `<Message>` of the error, when it sent one. */
    readonly s3Message?: string,
  ) {
    super(message);
    this.name = 'TransferHttpError';
  }
}

/**
 * True when the failure is a signed URL that expired: sign again and retry. S3 has no code of its own for it: it
 * answers 403 AccessDenied with the `<Message>` "Request has expired" (AWS, s3rver), or ExpiredToken.
 */
export function isExpiredSignature(error: unknown): boolean {
  if (!(error instanceof TransferHttpError) || error.status !== 403) return false;
  if (error.s3Code === 'ExpiredToken') return true;
  return (error.s3Code === 'AccessDenied' || error.s3Code === undefined) && /expired/i.test(error.s3Message ?? '');
}

/**
 * True when trying again may succeed: the network failed, the server failed (5xx) or asked us to slow down (429) -
 * S3, or the endpoint (its rate limit answers 429 with Retry-After).
 */
export function isTransient(error: unknown): boolean {
  if (error instanceof TransferHttpError) return error.status >= 500 || error.status === 429 || error.status === 408;
  if (error instanceof ApiError) return error.code === 'network_error' || error.status >= 500 || error.status === 429;
  // fetch rejects with a TypeError when the connection fails, resets or is refused.
  return error instanceof TypeError;
}

/**
 * A storage refusal in the app's words, by status (S3's code only tells a vanished upload from a vanished file): the
 * code and S3's own message stay in the error's fields, for code that branches on them, not in words people read.
 */
function refusal(status: number, code: string | undefined, action: string): string {
  if (code === 'NoSuchUpload') return 'the storage no longer has this upload';
  if (status === 404) return 'the file is no longer in the storage';
  if (status === 429 || status >= 500) return `the storage could not ${action} just now`;
  return `the storage refused to ${action}`;
}

/** Reads S3's error code and message from a failed response; the error's message says it plainly (see refusal). */
export async function httpError(response: Response, action: string): Promise<TransferHttpError> {
  const text = await response.text().catch(() => '');
  const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1];
  const detail = /<Message>([^<]+)<\/Message>/.exec(text)?.[1];
  const retryAfter = Number(response.headers.get('retry-after')) || undefined;
  return new TransferHttpError(response.status, code, refusal(response.status, code, action), retryAfter, detail);
}

/** Options of withRetries. */
export interface RetryOptions {
  signal?: AbortSignal;
  /** Attempts after the first. */
  retries?: number;
  baseMs?: number;
  maxMs?: number;
  /** Called before each retry (e.g. to sign again after an expired URL). */
  onRetry?(error: unknown, attempt: number): void | Promise<void>;
  /** Which failures to retry; transient ones and expired signatures by default. */
  retryable?(error: unknown): boolean;
  /** For tests: how to wait. */
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Waits `ms`, or rejects at once with the signal's reason when it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Runs `attempt` until it succeeds, a failure is not retryable, the retries run out, or the signal aborts. */
export async function withRetries<T>(attempt: (n: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { signal, retries = 6, baseMs = 500, maxMs = 20_000, onRetry } = options;
  const retryable = options.retryable ?? ((e: unknown) => isTransient(e) || isExpiredSignature(e));
  const wait = options.sleep ?? sleep;
  for (let n = 0; ; n++) {
    signal?.throwIfAborted();
    try {
      return await attempt(n);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (n >= retries || !retryable(error)) throw error;
      const asked = error instanceof TransferHttpError || error instanceof ApiError ? error.retryAfter : undefined;
      const serverWait = asked ? asked * 1000 : 0;
      const backoff = isExpiredSignature(error) ? 0 : Math.random() * Math.min(maxMs, baseMs * 2 ** n);
      await wait(Math.max(serverWait, backoff), signal);
      await onRetry?.(error, n + 1);
    }
  }
}
