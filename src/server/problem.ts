import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorCode } from '../protocol/index.ts';

/**
 * An HTTP error with a stable code; the app answers it as `{"error":{"code","message"}}`.
 * Messages are shown to clients: they never carry secrets, signed URLs or stack traces.
 */
export class Problem extends HTTPException {
  /** The stable code clients branch on. */
  readonly code: ErrorCode;
  /** Seconds to wait before trying again (429 only). */
  readonly retryAfter: number | undefined;

  constructor(status: ContentfulStatusCode, code: ErrorCode, message: string, retryAfter?: number) {
    super(status, { message });
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

/** The 429 `rate_limited` answer: `message` says what to wait for, Retry-After says how long. */
export function tooManyRequests(message: string, retryAfterSeconds: number): Problem {
  return new Problem(429, 'rate_limited', message, retryAfterSeconds);
}

/** The JSON body of an error answer. */
export function problemBody(code: ErrorCode, message: string): { error: { code: ErrorCode; message: string } } {
  return { error: { code, message } };
}
