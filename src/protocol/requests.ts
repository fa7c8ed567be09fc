/**
 * File requests (docs/PROTOCOL.md, "File requests"): upload-only links. The owner's routes live under /v1/requests
 * (authenticated); a guest's under /v1/public/requests/:id (no token). Guests upload ciphertext encrypted to the
 * owner's public key into `inbox/<request id>/` of the owner's space; the endpoint names every inbox object itself.
 */
import { z } from 'zod';
import { MAX_OBJECT_SIZE, MAX_PART_SIZE } from './limits.ts';
import { completedPartsSchema, MAX_CHUNK_SIZE, partNumbersSchema, uploadIdSchema } from './multipart.ts';

/** Request ids: 22 base64url characters, 128 random bits. */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
/** Shortest request life: one minute. */
export const MIN_REQUEST_SECONDS = 60;
/** Longest request life: 90 days. */
export const MAX_REQUEST_SECONDS = 90 * 86_400;
/** Most files one request may take. */
export const MAX_REQUEST_FILES = 1000;
/** Largest byte budget of one request: 1 TiB. */
export const MAX_REQUEST_BYTES = 1024 ** 4;
/**
 * Largest guest object: S3's object limit (5 TiB), lowered by the endpoint's own object limit and the request's
 * bytes. Files up to S3's single-PUT limit may go up in one PUT; larger ones (and, in Coffer's app, any of 5 MiB or
 * more) go up as a guest multipart upload.
 */
export const MAX_GUEST_OBJECT_SIZE = MAX_OBJECT_SIZE;
/** Guest multipart uploads one request may have in progress at once. */
export const MAX_OPEN_GUEST_UPLOADS = 32;
/** How long a guest multipart upload stays usable after it starts: one day (as the README's lifecycle rule). */
export const GUEST_UPLOAD_SECONDS = 86_400;
/** Receipts: 22 base64url characters (128 random bits), the last segment of an inbox object's key. */
export const RECEIPT_PATTERN = /^[A-Za-z0-9_-]{22}$/;
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
  /** Uploads signed so far (reserved at signing, whether or not the guest finished them; an aborted multipart upload is given back). */
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

/** `POST /v1/public/requests/:id/multipart` body: the encrypted size and the format chunk size parts align to. */
export const guestMultipartRequestSchema = z.strictObject({
  size: z.int().min(1).max(MAX_GUEST_OBJECT_SIZE),
  chunkSize: z.int().min(1).max(MAX_CHUNK_SIZE),
});
/** A guest's request to start a multipart upload. */
export type GuestMultipartRequest = z.infer<typeof guestMultipartRequestSchema>;

/**
 * The answer: the upload (named by its receipt), its part plan, and what is left of the request after it. The size
 * and plan are kept by the endpoint: later calls name only the receipt and the upload id.
 */
export const guestMultipartSchema = z.object({
  receipt: z.string(),
  uploadId: z.string(),
  partSize: z.number(),
  partCount: z.number(),
  expiresAt: z.iso.datetime(),
  filesLeft: z.number(),
  bytesLeft: z.number(),
});
/** A started guest multipart upload. */
export type GuestMultipart = z.infer<typeof guestMultipartSchema>;

/** `POST /v1/public/requests/:id/multipart/:receipt/sign` body; the answer is a `SignPartsResponse`. */
export const guestSignPartsSchema = z.strictObject({
  uploadId: uploadIdSchema,
  partNumbers: partNumbersSchema,
});
/** A guest's request to sign parts of its upload. */
export type GuestSignParts = z.infer<typeof guestSignPartsSchema>;

/** `POST /v1/public/requests/:id/multipart/:receipt/complete` body: every part, ascending, with S3's ETag. */
export const guestCompleteSchema = z.strictObject({
  uploadId: uploadIdSchema,
  parts: completedPartsSchema,
});
/** A guest's request to assemble its upload. */
export type GuestComplete = z.infer<typeof guestCompleteSchema>;

/** The answer to complete: the receipt of the stored file. */
export const guestCompletedSchema = z.object({ receipt: z.string() });

/** `POST /v1/public/requests/:id/multipart/:receipt/abort` body. */
export const guestAbortSchema = z.strictObject({ uploadId: uploadIdSchema });

/** The answer to abort: the upload is gone, and its file and bytes are the request's again. */
export const guestAbortedSchema = z.object({ aborted: z.literal(true), filesLeft: z.number(), bytesLeft: z.number() });

/** The vault key pair object's key in the owner's space (format SPEC section 12). */
export const KEYPAIR_KEY = 'vault/keypair.coffer';
/** The first bytes of every key pair object, version 1: `KEYPAIR_MAGIC` then version 1 (format SPEC section 12). */
export const KEYPAIR_OBJECT_PREFIX = [0x89, 0x43, 0x46, 0x4b, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 1] as const;

/** `POST /v1/requests/keypair` body: the vault's key pair object, base64url without padding. */
export const createKeypairSchema = z.strictObject({
  object: z.string().regex(/^(?:[A-Za-z0-9_-]{140}|[A-Za-z0-9_-]{184})$/, 'not a key pair object'),
});

/** The answer to `POST /v1/requests/keypair` (201: stored; 409 `object_exists`: the vault already had one). */
export const keypairCreatedSchema = z.object({ created: z.literal(true) });
