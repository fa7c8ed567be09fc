import type { RouteDeps } from './context.ts';
import { Problem } from './problem.ts';
import type { Reservation } from './usage.ts';

/** Refuses an object larger than the configured maximum (413 `object_too_large`). */
export function checkObjectSize(deps: RouteDeps, size: number): void {
  const max = deps.config.limits.maxObjectSize;
  if (size > max) throw new Problem(413, 'object_too_large', `objects may be at most ${max} bytes`);
}

/** What is reserved where no quota is configured: nothing to count. */
const NOTHING: Reservation = { bind: () => undefined, cancel: () => undefined };

/**
 * Reserves one object of `bytes` in the space `prefix` (for a single PUT: of `put.key` until `put.until`), or refuses
 * the upload with 403 `quota_exceeded` when what the space stores plus what uploads in progress reserve would pass
 * the quota with it. Without a quota nothing is counted (and S3 is not listed).
 */
export async function reserveQuota(deps: RouteDeps, prefix: string, bytes: number, put?: { key: string; until: number }): Promise<Reservation> {
  const { quotaBytes, quotaObjects } = deps.config.limits;
  if (quotaBytes === undefined && quotaObjects === undefined) return NOTHING;
  return deps.usage.reserve(prefix, deps.clock(), { bytes, ...(put === undefined ? {} : { put }) }, (total) => {
    if (quotaBytes !== undefined && total.bytes > quotaBytes) {
      const used = total.bytes - bytes;
      throw new Problem(403, 'quota_exceeded', `this upload would exceed your quota of ${quotaBytes} bytes (${used} stored or reserved by uploads in progress)`);
    }
    if (quotaObjects !== undefined && total.objects > quotaObjects) {
      throw new Problem(403, 'quota_exceeded', `this upload would exceed your quota of ${quotaObjects} objects (uploads in progress count)`);
    }
  });
}
