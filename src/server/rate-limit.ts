/** The answer of a rate limiter: go ahead, or wait `retryAfter` seconds. */
export type RateDecision = { ok: true } | { ok: false; retryAfter: number };

/** Counts requests per caller. */
export interface RateLimiter {
  /** Takes one request's worth of allowance from `id` at time `now` (ms). */
  take(id: string, now: number): RateDecision;
}

/**
 * A token bucket per caller: `perMinute` requests may burst at once, and allowance refills
 * evenly over the minute. Memory grows with the number of distinct callers, i.e. users.
 */
export function createRateLimiter(perMinute: number): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = perMinute / 60_000;
  return {
    take(id, now) {
      const bucket = buckets.get(id) ?? { tokens: perMinute, at: now };
      bucket.tokens = Math.min(perMinute, bucket.tokens + Math.max(0, now - bucket.at) * perMs);
      bucket.at = now;
      buckets.set(id, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfter: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
    },
  };
}
