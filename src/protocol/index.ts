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
