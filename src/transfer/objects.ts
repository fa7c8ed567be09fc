/**
 * Object I/O straight to S3 through pre-signed URLs: the endpoint signs, the browser moves the bytes.
 * Only ciphertext ever passes through here.
 */
import type { PresignRequest } from '../protocol';
import type { ApiClient } from './api-client';
import { httpError } from './retry';

async function signed(api: ApiClient, request: PresignRequest) {
  const presigned = await api.presign(request);
  return { url: presigned.url, headers: new Headers(presigned.headers) };
}

/** Uploads a whole object in one PUT. */
export async function putObject(api: ApiClient, key: string, body: Blob, signal?: AbortSignal): Promise<void> {
  const { url, headers } = await signed(api, { method: 'PUT', key, contentLength: body.size });
  const response = await fetch(url, { method: 'PUT', body, headers, signal });
  if (!response.ok) throw await httpError(response, 'store the file');
  await response.arrayBuffer(); // an unread response keeps its request (and body) alive until a GC
}

/** Downloads a whole object, or null when it does not exist. */
export async function getObject(api: ApiClient, key: string, signal?: AbortSignal): Promise<Blob | null> {
  const { url, headers } = await signed(api, { method: 'GET', key });
  const response = await fetch(url, { headers, signal });
  if (response.status === 404) return null;
  if (!response.ok) throw await httpError(response, 'send the file');
  return response.blob();
}

/** Downloads bytes [start, endExclusive) of an object (fewer if the object is shorter). */
export async function getObjectRange(
  api: ApiClient,
  key: string,
  start: number,
  endExclusive: number,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const { url, headers } = await signed(api, { method: 'GET', key });
  headers.set('Range', `bytes=${start}-${endExclusive - 1}`);
  const response = await fetch(url, { headers, signal });
  if (!response.ok) throw await httpError(response, 'send part of the file');
  return new Uint8Array(await response.arrayBuffer());
}

/** Deletes an object (S3 answers success for a missing one too). */
export async function deleteObject(api: ApiClient, key: string, signal?: AbortSignal): Promise<void> {
  const { url, headers } = await signed(api, { method: 'DELETE', key });
  const response = await fetch(url, { method: 'DELETE', headers, signal });
  if (!response.ok) throw await httpError(response, 'delete the file');
  await response.arrayBuffer();
}

/** A small object's bytes and the ETag S3 gave them (null if the bucket's CORS rule hides ETag). */
export interface VersionedObject {
  bytes: Uint8Array<ArrayBuffer>;
  etag: string | null;
}

/** Downloads a small object with its ETag, or null when it does not exist. */
export async function getObjectWithEtag(api: ApiClient, key: string, signal?: AbortSignal): Promise<VersionedObject | null> {
  const { url, headers } = await signed(api, { method: 'GET', key });
  const response = await fetch(url, { headers, signal, cache: 'no-store' });
  if (response.status === 404) return null;
  if (!response.ok) throw await httpError(response, 'send the file');
  return { bytes: new Uint8Array(await response.arrayBuffer()), etag: response.headers.get('ETag') };
}

async function putIfMatch(api: ApiClient, key: string, body: Blob, etag: string): Promise<'ok' | 'conflict'> {
  const { url, headers } = await signed(api, { method: 'PUT', key, contentLength: body.size });
  headers.set('If-Match', etag);
  const response = await fetch(url, { method: 'PUT', body, headers });
  await response.arrayBuffer();
  // 412: the object changed since it was read; 409: a concurrent conditional write won (AWS may answer either).
  if (response.status === 412 || response.status === 409) return 'conflict';
  if (!response.ok) throw await httpError(response, 'store the file');
  return 'ok';
}

/**
 * Replaces an object only while its ETag is still `etag` (an S3 conditional write: AWS S3, RGW); 'conflict' when
 * someone changed it meanwhile. An S3 without conditional writes (s3rver) ignores the condition and writes.
 */
export async function replaceObjectIfUnchanged(api: ApiClient, key: string, body: Blob, etag: string): Promise<'ok' | 'conflict'> {
  const first = await putIfMatch(api, key, body, etag);
  const unquoted = etag.replace(/^"(.*)"$/, '$1');
  if (first === 'ok' || unquoted === etag) return first;
  // RGW 16 compares If-Match with the ETag without its quotes and refuses the quoted form that GET returns
  // (src/server/s3-storage.ts): retry unquoted, only if the object really is unchanged.
  const current = await getObjectWithEtag(api, key);
  return current?.etag === etag ? putIfMatch(api, key, body, unquoted) : first;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * Creates a small object only where none exists: a PUT with `If-None-Match: *`, which S3 refuses (412, or 409 for a
 * concurrent conditional write) when the key holds an object - AWS S3 and Ceph RGW honour it. An S3 that ignores
 * the condition (s3rver) writes over what is there, so the object is then read back: bytes other than `body` mean
 * another writer's object is the one stored. 'exists' in both cases, and the caller's object is not in the bucket.
 * Without the condition the read-back narrows the race but cannot close it (a writer that reads back its own bytes
 * just before another's PUT lands is not told): only an S3 that honours the condition makes creation exact.
 */
export async function createObjectIfAbsent(api: ApiClient, key: string, body: Uint8Array<ArrayBuffer>): Promise<'created' | 'exists'> {
  const { url, headers } = await signed(api, { method: 'PUT', key, contentLength: body.byteLength });
  headers.set('If-None-Match', '*');
  const response = await fetch(url, { method: 'PUT', body: new Blob([body]), headers });
  if (response.status === 412 || response.status === 409) {
    await response.arrayBuffer();
    return 'exists';
  }
  if (!response.ok) throw await httpError(response, 'store the file');
  await response.arrayBuffer();
  const stored = await getObjectWithEtag(api, key);
  if (stored === null) throw new Error(`${key} was stored but cannot be read back: try again`);
  return sameBytes(stored.bytes, body) ? 'created' : 'exists';
}
