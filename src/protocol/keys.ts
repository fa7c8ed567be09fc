import { z } from 'zod';

/** Longest object key, in UTF-8 bytes, relative to the caller's own space. */
export const KEY_MAX_BYTES = 512;

const encoder = new TextEncoder();
// C0 controls, DEL and C1 controls: invisible in logs and consoles, refused everywhere.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function decodesToDotSegment(segment: string): boolean {
  const lowered = segment.toLowerCase().replaceAll('%2e', '.');
  return lowered === '.' || lowered === '..';
}

/**
 * Why `key` breaks the key grammar of docs/PROTOCOL.md, or `null` when it is valid.
 * Segments are separated by `/`; none may be empty, `.` or `..` (also when percent-encoded).
 */
export function keyProblem(key: string): string | null {
  if (key.length === 0) return 'must not be empty';
  if (encoder.encode(key).length > KEY_MAX_BYTES) return `must be at most ${KEY_MAX_BYTES} bytes`;
  if (key.includes('\\')) return 'must not contain a backslash';
  if (CONTROL.test(key)) return 'must not contain control characters';
  if (key.startsWith('/')) return "must not start with '/'";
  for (const segment of key.split('/')) {
    if (segment === '') return 'must not contain empty segments';
    if (decodesToDotSegment(segment)) return "must not contain '.' or '..' segments";
  }
  return null;
}

/** An object key relative to the caller's space, checked against the key grammar. */
export const keySchema = z.string().superRefine((key, ctx) => {
  const problem = keyProblem(key);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});

/**
 * Longest segment of a key that creates an object (a PUT, a multipart upload, the target of a move), in UTF-8 bytes:
 * S3s that keep objects as files (MinIO; s3rver) store a segment as one file name, and file systems allow 255 bytes.
 * Keys that only read or delete are not held to it, so objects made elsewhere stay reachable.
 */
export const NEW_KEY_SEGMENT_MAX_BYTES = 255;

/** Why `key` cannot name a new object (see keyProblem and NEW_KEY_SEGMENT_MAX_BYTES), or `null`. */
export function newKeyProblem(key: string): string | null {
  const problem = keyProblem(key);
  if (problem !== null) return problem;
  if (key.split('/').some((segment) => encoder.encode(segment).length > NEW_KEY_SEGMENT_MAX_BYTES)) {
    return `a new object's key must not have a segment longer than ${NEW_KEY_SEGMENT_MAX_BYTES} bytes`;
  }
  return null;
}

/** The key of an object to be created, checked against the key grammar and NEW_KEY_SEGMENT_MAX_BYTES. */
export const newKeySchema = z.string().superRefine((key, ctx) => {
  const problem = newKeyProblem(key);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});

/**
 * A listing prefix: empty (everything), or a key optionally followed by one `/`.
 */
export const prefixSchema = z.string().superRefine((prefix, ctx) => {
  if (prefix === '') return;
  const problem = keyProblem(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});
