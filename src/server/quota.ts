import type { RouteDeps } from './context.ts';
import { Problem } from './problem.ts';

/** Refuses an object larger than the configured maximum (413 `object_too_large`). */
export function checkObjectSize(deps: RouteDeps, size: number): void {
  const max = deps.config.limits.maxObjectSize;
  if (size > max) throw new Problem(413, 'object_too_large', `objects may be at most ${max} bytes`);
}

/**
 * Refuses an upload that would take the user past their quota (403 `quota_exceeded`).
 * `withPending` also counts uploads signed since S3 was last listed.
 */
export async function checkQuota(deps: RouteDeps, prefix: string, bytes: number, withPending: boolean): Promise<void> {
  const { quotaBytes, quotaObjects } = deps.config.limits;
  if (quotaBytes === undefined && quotaObjects === undefined) return;
  const usage = await deps.usage.get(prefix, deps.clock(), withPending);
  if (quotaBytes !== undefined && usage.bytes + bytes > quotaBytes) {
    throw new Problem(403, 'quota_exceeded', `this upload would exceed your quota of ${quotaBytes} bytes (${usage.bytes} used)`);
  }
  if (quotaObjects !== undefined && usage.objects + 1 > quotaObjects) {
    throw new Problem(403, 'quota_exceeded', `this upload would exceed your quota of ${quotaObjects} objects`);
  }
}
