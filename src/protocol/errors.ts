import { z } from 'zod';

/**
 * Every error code the endpoint answers with. Codes are stable: clients branch on them,
 * messages are for people and may change.
 */
export const ERROR_CODES = [
  'unauthorized',
  'not_found',
  'invalid_json',
  'invalid_request',
  'invalid_key',
  'unsupported_media_type',
  'body_too_large',
  'object_too_large',
  'quota_exceeded',
  'rate_limited',
  'part_out_of_range',
  'upload_not_found',
  'invalid_part',
  'part_too_small',
  'credentials_expiring',
  'storage_error',
  'object_not_found',
  'object_exists',
  'share_not_found',
  'share_expired',
  'share_used_up',
  'share_revoked',
  'forbidden',
  'request_not_found',
  'request_expired',
  'request_closed',
  'request_full',
  'request_too_large',
  'internal',
] as const;

/** A stable error code of the endpoint. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The body of every non-2xx answer: `{"error":{"code","message"}}`. */
export const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});

/** The parsed body of an error answer. */
export type ErrorBody = z.infer<typeof errorBodySchema>;
