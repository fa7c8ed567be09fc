import { z } from 'zod';
import { keySchema, newKeySchema } from './keys.ts';
import { MAX_OBJECT_SIZE, MAX_PART_SIZE, MAX_PARTS, MIN_PART_SIZE } from './limits.ts';

/** Largest format chunk a multipart plan aligns to: 64 MiB. */
export const MAX_CHUNK_SIZE = 64 * 1024 * 1024;

/** Most part numbers one `POST /v1/multipart/sign` may ask for. */
export const MAX_SIGN_BATCH = 500;

/** How an upload of `size` bytes is cut: every part is `partSize` bytes except a shorter last one. */
export interface PartPlan {
  partSize: number;
  partCount: number;
}

/**
 * Cuts `size` bytes into parts that are whole numbers of `chunkSize`-byte format chunks,
 * at least 5 MiB (S3's minimum), and large enough that no upload needs more than 10,000 parts.
 */
export function planParts(size: number, chunkSize: number): PartPlan {
  const wanted = Math.max(MIN_PART_SIZE, Math.ceil(size / MAX_PARTS));
  const partSize = Math.ceil(wanted / chunkSize) * chunkSize;
  return { partSize, partCount: Math.max(1, Math.ceil(size / partSize)) };
}

/** Bytes of part `partNumber` (1-based) in an upload of `size` bytes cut into `partSize` parts. */
export function partLength(size: number, partSize: number, partNumber: number): number {
  return Math.min(partSize, size - (partNumber - 1) * partSize);
}

/** An S3 multipart upload id, passed through as given by S3. */
export const uploadIdSchema = z
  .string()
  .min(1)
  .max(1024)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

/** A part number, 1 to 10,000. */
export const partNumberSchema = z.int().min(1).max(MAX_PARTS);

/** The part numbers of one signing request: 1 to `MAX_SIGN_BATCH` of them, none twice. */
export const partNumbersSchema = z
  .array(partNumberSchema)
  .min(1)
  .max(MAX_SIGN_BATCH)
  .refine((numbers) => new Set(numbers).size === numbers.length, 'must not repeat a part number');

/** The parts an upload is assembled from: every one, in strictly ascending order, with the ETag S3 gave it. */
export const completedPartsSchema = z
  .array(z.strictObject({ partNumber: partNumberSchema, etag: z.string().min(1).max(256) }))
  .min(1)
  .max(MAX_PARTS)
  .refine(
    (parts) => parts.every((part, i) => i === 0 || part.partNumber > (parts[i - 1]?.partNumber ?? 0)),
    'parts must be in strictly ascending order',
  );

/** `POST /v1/multipart` body: where, how many bytes, and the format chunk size parts align to. */
export const createMultipartRequestSchema = z.strictObject({
  key: newKeySchema,
  size: z.int().min(1).max(MAX_OBJECT_SIZE),
  chunkSize: z.int().min(1).max(MAX_CHUNK_SIZE),
});

/** A request to start a multipart upload. */
export type CreateMultipartRequest = z.infer<typeof createMultipartRequestSchema>;

/** The answer to `POST /v1/multipart`. */
export const createMultipartResponseSchema = z.object({
  key: z.string(),
  uploadId: z.string(),
  partSize: z.number(),
  partCount: z.number(),
});

/** A started multipart upload and its part plan. */
export type CreateMultipartResponse = z.infer<typeof createMultipartResponseSchema>;

/**
 * `POST /v1/multipart/sign` body: the upload and which parts to sign. The endpoint keeps the upload's plan from its
 * create; `size` and `partSize`, when given, must be the plan's (a client cannot restate them).
 */
export const signPartsRequestSchema = z.strictObject({
  key: keySchema,
  uploadId: uploadIdSchema,
  size: z.int().min(1).max(MAX_OBJECT_SIZE).optional(),
  partSize: z.int().min(MIN_PART_SIZE).max(MAX_PART_SIZE).optional(),
  partNumbers: partNumbersSchema,
  expiresIn: z.int().min(1).optional(),
});

/** A request to sign a batch of part uploads. */
export type SignPartsRequest = z.infer<typeof signPartsRequestSchema>;

/** The answer to `POST /v1/multipart/sign`: one PUT URL per part, bound to that part's length. */
export const signPartsResponseSchema = z.object({
  parts: z.array(
    z.object({
      partNumber: z.number(),
      size: z.number(),
      url: z.string(),
      headers: z.record(z.string(), z.string()),
    }),
  ),
  expiresAt: z.iso.datetime(),
});

/** Signed URLs for a batch of parts. */
export type SignPartsResponse = z.infer<typeof signPartsResponseSchema>;

/** Query of `GET /v1/multipart/parts`. `cursor` is the part number after which to continue. */
export const listPartsQuerySchema = z.strictObject({
  key: keySchema,
  uploadId: uploadIdSchema,
  cursor: z.coerce.number().int().min(1).max(MAX_PARTS).optional(),
});

/** A request for one page of uploaded parts. */
export type ListPartsQuery = z.infer<typeof listPartsQuerySchema>;

/** One uploaded part. */
export const uploadedPartSchema = z.object({
  partNumber: z.number(),
  size: z.number(),
  etag: z.string(),
});

/** One uploaded part as S3 reports it. */
export type UploadedPart = z.infer<typeof uploadedPartSchema>;

/** One page of `GET /v1/multipart/parts`. */
export const partPageSchema = z.object({
  parts: z.array(uploadedPartSchema),
  nextCursor: z.number().optional(),
});

/** One page of uploaded parts. */
export type PartPage = z.infer<typeof partPageSchema>;

/** `POST /v1/multipart/complete` body: the upload and its parts. */
export const completeMultipartRequestSchema = z.strictObject({
  key: keySchema,
  uploadId: uploadIdSchema,
  parts: completedPartsSchema,
});

/** A request to assemble an upload from its parts. */
export type CompleteMultipartRequest = z.infer<typeof completeMultipartRequestSchema>;

/** The answer to `POST /v1/multipart/complete`. */
export const completeMultipartResponseSchema = z.object({ key: z.string() });

/** `POST /v1/multipart/abort` body. */
export const abortMultipartRequestSchema = z.strictObject({ key: keySchema, uploadId: uploadIdSchema });

/** A request to abandon an upload and free its parts. */
export type AbortMultipartRequest = z.infer<typeof abortMultipartRequestSchema>;

/** The answer to `POST /v1/multipart/abort`. */
export const abortMultipartResponseSchema = z.object({ aborted: z.literal(true) });
