import { z } from 'zod';

export * from './errors.ts';
export * from './keys.ts';
export * from './limits.ts';
export * from './multipart.ts';
export * from './objects.ts';
export * from './presign.ts';
export * from './requests.ts';
export * from './shares.ts';

/** The answer to `GET /v1/health`. */
export const healthResponseSchema = z.object({ status: z.literal('ok') });

/** The answer to `GET /v1/me`: the id of the user the token belongs to. */
export const meResponseSchema = z.object({ user: z.string() });

/** Who the caller is. */
export type MeResponse = z.infer<typeof meResponseSchema>;

/** Bytes and objects stored in the caller's space. */
export const usageSchema = z.object({ bytes: z.number().int().min(0), objects: z.number().int().min(0) });

/**
 * The answer to `GET /v1/me/usage`: what the caller's space holds now, what uploads signed or in progress reserve on
 * top (counted against the quota until they are stored or end), and their quota (`null` for a dimension without a
 * limit).
 */
export const usageResponseSchema = z.object({
  usage: usageSchema,
  reserved: usageSchema,
  quota: z.object({ bytes: z.number().nullable(), objects: z.number().nullable() }),
});

/** The caller's storage use against their quota. */
export type UsageResponse = z.infer<typeof usageResponseSchema>;
