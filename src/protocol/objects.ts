import { z } from 'zod';
import { keySchema, newKeySchema, prefixSchema } from './keys.ts';
import { MAX_PAGE_SIZE } from './limits.ts';

/** Query of `GET /v1/objects`: all optional; `limit` defaults to 1,000. */
export const listObjectsQuerySchema = z.strictObject({
  prefix: prefixSchema.optional(),
  cursor: z.string().min(1).max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
});

/** A listing request as the client makes it. */
export type ListObjectsQuery = z.infer<typeof listObjectsQuerySchema>;

/** One object of the caller's space. */
export const objectInfoSchema = z.object({
  key: z.string(),
  size: z.number(),
  lastModified: z.iso.datetime(),
});

/** One object of the caller's space, key relative to it. */
export type ObjectInfo = z.infer<typeof objectInfoSchema>;

/** One page of `GET /v1/objects`; `nextCursor` is present while more pages follow. */
export const objectPageSchema = z.object({
  objects: z.array(objectInfoSchema),
  nextCursor: z.string().optional(),
});

/** One page of the caller's objects. */
export type ObjectPage = z.infer<typeof objectPageSchema>;

/** Body of `POST /v1/objects/move`: both keys relative to the caller's space, and different. */
export const moveObjectRequestSchema = z
  .strictObject({ from: keySchema, to: newKeySchema })
  .refine((body) => body.from !== body.to, { error: 'from and to must differ' });

/** A move (rename) as the client asks for it. */
export type MoveObjectRequest = z.infer<typeof moveObjectRequestSchema>;

/** The answer to a move: the object's key from now on, and its size. */
export const moveObjectResponseSchema = z.object({ key: z.string(), size: z.number() });

/** What a finished move reports. */
export type MoveObjectResponse = z.infer<typeof moveObjectResponseSchema>;

/**
 * Body of `POST /v1/objects/replace`: `to` is a new object that takes the place of `from` (the same file under a
 * re-wrapped header, written by the client); both keys relative to the caller's space, and different.
 */
export const replaceObjectRequestSchema = z
  .strictObject({ from: keySchema, to: keySchema })
  .refine((body) => body.from !== body.to, { error: 'from and to must differ' });

/** A replacement as the client asks for it. */
export type ReplaceObjectRequest = z.infer<typeof replaceObjectRequestSchema>;

/** Most keys one `POST /v1/objects/delete` takes (S3's DeleteObjects takes as many). */
export const MAX_DELETE_KEYS = 1000;

/** Body of `POST /v1/objects/delete`: keys relative to the caller's space. */
export const deleteObjectsRequestSchema = z.strictObject({ keys: z.array(keySchema).min(1).max(MAX_DELETE_KEYS) });

/** A batch delete as the client asks for it. */
export type DeleteObjectsRequest = z.infer<typeof deleteObjectsRequestSchema>;

/** The answer to a batch delete: how many keys were deleted (missing ones count as deleted, as in S3). */
export const deleteObjectsResponseSchema = z.object({ deleted: z.number() });
