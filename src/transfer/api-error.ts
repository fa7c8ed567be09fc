/** A failed call: the endpoint's status and stable code, or status 0 for network and response failures. */
export class ApiError extends Error {
  override name = 'ApiError';
  /** HTTP status; 0 when no usable answer arrived. */
  readonly status: number;
  /** The endpoint's error code, or `network_error` / `invalid_response`. */
  readonly code: string;
  /** Seconds to wait before retrying, from Retry-After (429). */
  readonly retryAfter: number | undefined;

  constructor(status: number, code: string, message: string, retryAfter?: number) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}
