/**
 * File requests (docs/PROTOCOL.md, "File requests"): upload-only links. The owner's routes live under /v1/requests
 * (authenticated); a guest's under /v1/public/requests/:id (no token). Guests upload ciphertext encrypted to the
 * owner's public key into `inbox/<request id>/` of the owner's space; the endpoint names every inbox object itself.
 */
import { z } from 'zod';
import { MAX_PART_SIZE } from './limits.ts';

/** Request ids: 22 base64url characters, 128 random bits. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
/** Shortest request life: one minute. */
export const MIN_REQUEST_SECONDS = 60;
/** Longest request life: 90 days. */
export const MAX_REQUEST_SECONDS = 90 * 86_400;
/** Most files one request may take. */
export const MAX_REQUEST_FILES = 1000;
/**
 * Largest single guest object: guests upload each file in one PUT (S3's single-PUT limit is 5 GiB; the owner's
 * browser decrypts an inbox file in memory, so the endpoint caps it lower).
 */
export const MAX_GUEST_OBJECT_SIZE = 1024 * 1024 * 1024;
/** Largest byte budget of one request. */
export const MAX_REQUEST_BYTES = 1024 * MAX_GUEST_OBJECT_SIZE;
/** Longest request title, in characters. */
export const MAX_REQUEST_TITLE = 200;
/** Where a request's uploads land in the owner's space. */
export const INBOX_PREFIX = 'inbox/';

/** A request id as it appears in a link. */
export const requestIdSchema = z.string().regex(REQUEST_ID_PATTERN, 'not a request id');

/** A raw recipient public key, base64url without padding: X25519 (43 characters) or uncompressed P-256 (87). */
export const publicKeySchema = z.string().regex(/^(?:[A-Za-z0-9_-]{43}|[A-Za-z0-9_-]{87})$/, 'not a recipient public key');

/** `POST /v1/requests` body. */
export const createRequestSchema = z.strictObject({
  title: z.string().trim().min(1).max(MAX_REQUEST_TITLE),
  expiresIn: z.int().min(MIN_REQUEST_SECONDS).max(MAX_REQUEST_SECONDS),
  maxFiles: z.int().min(1).max(MAX_REQUEST_FILES),
  /** Stored (encrypted) bytes all uploads together may take. */
  maxBytes: z.int().min(1).max(MAX_REQUEST_BYTES),
  publicKey: publicKeySchema,
});
/** A request to create a file request. */
export type CreateRequest = z.infer<typeof createRequestSchema>;

/** A file request as its owner sees it. */
export const requestInfoSchema = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  closedAt: z.iso.datetime().nullable(),
  maxFiles: z.number(),
  maxBytes: z.number(),
  /** Uploads signed so far (reserved at signing, whether or not the guest finished them). */
  files: z.number(),
  bytes: z.number(),
  publicKey: z.string(),
});
/** One file request of the caller. */
export type RequestInfo = z.infer<typeof requestInfoSchema>;

/** The answer to `GET /v1/requests`: the caller's requests, newest first. */
export const requestListSchema = z.object({ requests: z.array(requestInfoSchema) });

/** `GET /v1/public/requests/:id`: what a guest needs to upload. */
export const publicRequestSchema = z.object({
  title: z.string(),
  expiresAt: z.iso.datetime(),
  publicKey: z.string(),
  filesLeft: z.number(),
  bytesLeft: z.number(),
  maxObjectSize: z.number(),
});
/** What a guest learns about a live request. */
export type PublicRequest = z.infer<typeof publicRequestSchema>;

/**
 * `POST /v1/public/requests/:id/uploads` body. `method` and `key` are accepted only to be refused with 403: a guest may
 * sign nothing but a PUT of a new object the endpoint names.
 */
export const guestUploadRequestSchema = z.strictObject({
  method: z.enum(['GET', 'PUT', 'DELETE', 'HEAD']).optional(),
  key: z.string().optional(),
  contentLength: z.int().min(1).max(MAX_PART_SIZE),
});
/** A guest's request to sign one upload. */
export type GuestUploadRequest = z.infer<typeof guestUploadRequestSchema>;

/** The answer: a PUT URL bound to `contentLength`, and what is left of the request after this upload. */
export const guestUploadSchema = z.object({
  url: z.string(),
  headers: z.record(z.string(), z.string()),
  expiresAt: z.iso.datetime(),
  /** The inbox object's name (its last key segment): the guest's receipt. */
  receipt: z.string(),
  filesLeft: z.number(),
  bytesLeft: z.number(),
});
/** A signed guest upload. */
export type GuestUpload = z.infer<typeof guestUploadSchema>;
