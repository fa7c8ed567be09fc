/**
 * What every guest route of a file request checks: that the request exists (404 otherwise, never saying whose it
 * is), that it still takes uploads (410), and that an upload fits what is left of it (409 / 413). Shared by the
 * single-PUT route and the multipart routes, so both count the same way.
 */
import type { Context } from 'hono';
import { REQUEST_ID_PATTERN } from '../../protocol/index.ts';
import type { AppEnv, RouteDeps } from '../context.ts';
import { Problem } from '../problem.ts';
import { takeOrRefuse } from '../rate-limit.ts';
import type { RequestRecord, RequestStore } from '../request-store.ts';
import { signingWindow, type SigningWindow } from '../signing.ts';

/** 404 for an unknown or malformed request id. */
export function requestNotFound(): Problem {
  return new Problem(404, 'request_not_found', 'no such file request: check the link');
}

/** Refuses a request that no longer takes uploads (410), saying why and since when. */
export function checkOpen(record: RequestRecord, now: number): void {
  if (record.closedAt !== null) {
    throw new Problem(410, 'request_closed', `The owner closed this file request (${record.closedAt}): it takes no more uploads`);
  }
  if (Date.parse(record.expiresAt) <= now) {
    throw new Problem(410, 'request_expired', `This file request expired (${record.expiresAt}): it takes no more uploads`);
  }
}

/** The largest object a guest may upload (the endpoint's own object limit). */
export const guestMaxObjectSize = (deps: RouteDeps): number => deps.config.limits.maxObjectSize;

/** Refuses an object over the guest object limit (413). */
export function checkGuestObjectSize(deps: RouteDeps, size: number): void {
  const max = guestMaxObjectSize(deps);
  if (size > max) throw new Problem(413, 'object_too_large', `a file sent to a request may be at most ${max} bytes once encrypted`);
}

/** The record with one more file of `size` bytes counted, or the 409 / 413 saying which limit it would pass. */
export function reserveOne(current: RequestRecord, size: number): RequestRecord {
  if (current.files + 1 > current.maxFiles) {
    throw new Problem(409, 'request_full', `This file request takes at most ${current.maxFiles} files, and all were sent`);
  }
  if (current.bytes + size > current.maxBytes) {
    const left = current.maxBytes - current.bytes;
    throw new Problem(413, 'request_too_large', `This file is too large for the request: ${left} of ${current.maxBytes} bytes are left`);
  }
  return { ...current, files: current.files + 1, bytes: current.bytes + size };
}

/** A signing window that never outlives the request (nor `notAfter`, epoch ms, when given). */
export async function requestWindow(deps: RouteDeps, record: RequestRecord, notAfter = Infinity): Promise<SigningWindow> {
  const end = Math.min(Date.parse(record.expiresAt), notAfter);
  return signingWindow(deps, Math.max(1, Math.floor((end - deps.clock()) / 1000)));
}

/** Finds the request named in the path (`:id`), rate limited per request id once it is known to exist (per address: app.ts). */
export function requestFinder(deps: RouteDeps, requests: RequestStore) {
  return async function found(c: Context<AppEnv>): Promise<RequestRecord> {
    const id = c.req.param('id') ?? '';
    if (!REQUEST_ID_PATTERN.test(id)) throw requestNotFound();
    const record = await requests.get(id);
    if (record === undefined) throw requestNotFound();
    // Counted per request only once the id is known to exist, so made-up ids never take a bucket from real requests.
    takeOrRefuse(deps.publicRateLimiters?.byId, `request:${id}`, deps.clock());
    return record;
  };
}
