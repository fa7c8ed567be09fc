import type { S3Client } from '@aws-sdk/client-s3';
import type { CopyLimits } from './s3-copy.ts';

/** HTTP methods a client may get a signed URL for. */
export type SignedMethod = 'GET' | 'PUT' | 'DELETE' | 'HEAD';

/** A URL signed by the storage, and the headers the client must send with it. */
export interface Signed {
  url: string;
  headers: Record<string, string>;
}

/** One stored object; `key` is the full S3 key. */
export interface StoredObject {
  key: string;
  size: number;
  lastModified: Date;
}

/** One uploaded part of a multipart upload. */
export interface StoredPart {
  partNumber: number;
  size: number;
  etag: string;
}

/** A multipart upload S3 holds in progress (created, neither completed nor aborted). */
export interface UploadInProgress {
  key: string;
  uploadId: string;
}

/** Known storage failures, each mapped by the app to a stable error code. */
export type StorageErrorKind = 'upload_not_found' | 'invalid_part' | 'part_too_small' | 'unavailable';

/** A storage failure the endpoint knows how to explain. */
export class StorageError extends Error {
  override name = 'StorageError';
  /** What went wrong, independent of the S3 implementation. */
  readonly kind: StorageErrorKind;

  constructor(kind: StorageErrorKind, message: string, options?: ErrorOptions) {
    super(message, options);
    this.kind = kind;
  }
}

/**
 * Everything the endpoint asks of S3. Keys here are full S3 keys (already under the user's
 * prefix); the routes do the mapping. Implemented over the AWS SDK by `createS3Storage`.
 */
export interface Storage {
  /** Signs one request; a PUT binds `contentLength` into the signature. */
  presign(input: {
    method: SignedMethod;
    key: string;
    contentLength?: number;
    /** GET only: a `Range` value (`bytes=a-b`) signed into the URL, so the URL reads those bytes and no others. */
    range?: string;
    expiresIn: number;
    signingDate: Date;
  }): Promise<Signed>;
  /** Signs the upload of one part, bound to its exact length. */
  presignPart(input: {
    key: string;
    uploadId: string;
    partNumber: number;
    contentLength: number;
    expiresIn: number;
    signingDate: Date;
  }): Promise<Signed>;
  /** One page of objects under `prefix`, in key order, after `startAfter`. */
  list(input: { prefix: string; startAfter?: string; limit: number }): Promise<{ objects: StoredObject[]; truncated: boolean }>;
  /** Starts a multipart upload and returns its id. */
  createMultipart(key: string): Promise<string>;
  /**
   * One page of the multipart uploads in progress under `prefix`, in key order, after `after` (a page's `next`).
   * What S3 holds is the truth the endpoint's reservations are reconciled with: an upload not listed is finished.
   */
  listMultipartUploads(input: { prefix: string; after?: UploadInProgress }): Promise<{ uploads: UploadInProgress[]; next?: UploadInProgress }>;
  /** One page of uploaded parts after part number `after`. */
  listParts(input: { key: string; uploadId: string; after?: number }): Promise<{ parts: StoredPart[]; next?: number }>;
  /** Assembles the object from its parts. */
  completeMultipart(input: { key: string; uploadId: string; parts: { partNumber: number; etag: string }[] }): Promise<void>;
  /** Abandons an upload and frees its parts. */
  abortMultipart(input: { key: string; uploadId: string }): Promise<void>;
  /** A small object the endpoint keeps for itself (share records), with its ETag; undefined when missing. */
  readObject(key: string): Promise<{ body: string; etag: string } | undefined>;
  /**
   * Writes a small object. With `ifMatch`, only over that ETag (S3 conditional write); 'conflict' when the object
   * changed meanwhile. An S3 without conditional writes ignores the condition and always writes.
   */
  writeObject(key: string, body: string, condition?: { ifMatch: string }): Promise<'ok' | 'conflict'>;
  /**
   * Writes a small binary object only where none exists (S3 conditional write, `If-None-Match: *`); 'exists' when
   * one does. An S3 without conditional writes (s3rver) ignores the condition and writes: callers that must not
   * overwrite also check first, under a lock.
   */
  createObject(key: string, body: Uint8Array): Promise<'ok' | 'exists'>;
  /** An object's size, or undefined when it does not exist. */
  headObject(key: string): Promise<{ size: number } | undefined>;
  /**
   * Copies an object of `size` bytes to another key on the server side (CopyObject, or UploadPartCopy parts above
   * 5 GiB); the bytes never leave S3.
   */
  copyObject(input: { from: string; to: string; size: number }): Promise<void>;
  /** Deletes an object (missing ones too). */
  deleteObject(key: string): Promise<void>;
  /** When the signing credentials expire, or `undefined` if they do not. */
  credentialsExpiry(): Promise<Date | undefined>;
}

/** The S3 client and bucket `createS3Storage` works with. */
export interface S3StorageOptions {
  client: S3Client;
  bucket: string;
  /** Server-side encryption headers to require on every single PUT and multipart upload. */
  sse?: { kind: 'AES256' } | { kind: 'aws:kms'; keyId: string };
  /** How server-side copies are cut; S3's own limits by default (tests lower them). */
  copyLimits?: CopyLimits;
}
