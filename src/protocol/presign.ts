import { z } from 'zod';
import { keySchema, newKeySchema } from './keys.ts';
import { MAX_PART_SIZE } from './limits.ts';

/** Seconds a URL should stay valid; the server clamps it to its own maximum. */
const expiresInSchema = z.int().min(1).optional();

/** Bytes of one object or part, as an exact whole number. */
export const byteCountSchema = z.int().min(0);

const readLike = (method: 'GET' | 'HEAD' | 'DELETE') =>
  z.strictObject({ method: z.literal(method), key: keySchema, expiresIn: expiresInSchema });

/**
 * `POST /v1/presign` body. A PUT states its exact content length, which is signed into the URL.
 */
export const presignRequestSchema = z.discriminatedUnion('method', [
  readLike('GET'),
  readLike('HEAD'),
  readLike('DELETE'),
  z.strictObject({
    method: z.literal('PUT'),
    key: newKeySchema,
    contentLength: byteCountSchema.max(MAX_PART_SIZE),
    expiresIn: expiresInSchema,
  }),
]);

/** A presign request as the client sends it. */
export type PresignRequest = z.infer<typeof presignRequestSchema>;

/** A signed URL with the headers the client must send along and the instant it stops working. */
export const signedUrlSchema = z.object({
  url: z.string(),
  method: z.enum(['GET', 'PUT', 'DELETE', 'HEAD']),
  headers: z.record(z.string(), z.string()),
  expiresAt: z.iso.datetime(),
});

/** The answer to `POST /v1/presign`. */
export type SignedUrl = z.infer<typeof signedUrlSchema>;
