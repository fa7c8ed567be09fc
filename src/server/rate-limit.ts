import { tooManyRequests } from './problem.ts';

/** The answer of a rate limiter: go ahead, or wait `retryAfter` seconds. */
export type RateDecision = { ok: true } | { ok: false; retryAfter: number };

/** Counts requests per caller. */
export interface RateLimiter {
  /** Takes one request's worth of allowance from `id` at time `now` (ms). */
  take(id: string, now: number): RateDecision;
  /** How many callers it holds state for (never more than its bound). */
  readonly size: number;
}

/** Callers a limiter keeps state for by default: about 2 MB at most, whatever ids it is given. */
export const DEFAULT_MAX_BUCKETS = 10_000;

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per caller: `perMinute` requests may burst at once, and allowance refills evenly over the minute.
 *
 * Memory is bounded by `maxBuckets`, whatever the ids: buckets are kept in order of last use, a bucket left alone for
 * a minute is full again - the same as no bucket - and is dropped; when more than `maxBuckets` callers were seen
 * within a minute, the least recently used bucket is dropped even so (that caller starts afresh). The routes keep
 * unknown ids out of the per-id limiter and count every public request per client address first, so ids an attacker
 * makes up cost the attacker's own allowance and never crowd out the buckets of real shares and requests.
 */
export function createRateLimiter(perMinute: number, maxBuckets = DEFAULT_MAX_BUCKETS): RateLimiter {
  // A Map iterates in insertion order; deleting and setting again on each use keeps it in order of last use.
  const buckets = new Map<string, Bucket>();
  const perMs = perMinute / 60_000;
  const refillMs = 60_000;

  function evict(now: number): void {
    for (const [id, bucket] of buckets) {
      if (buckets.size <= maxBuckets && now - bucket.at < refillMs) return;
      buckets.delete(id);
    }
  }

  return {
    take(id, now) {
      const found = buckets.get(id);
      const bucket = found ?? { tokens: perMinute, at: now };
      bucket.tokens = Math.min(perMinute, bucket.tokens + Math.max(0, now - bucket.at) * perMs);
      bucket.at = Math.max(bucket.at, now);
      if (found !== undefined) buckets.delete(id);
      buckets.set(id, bucket);
      evict(now);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfter: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
    },
    get size() {
      return buckets.size;
    },
  };
}

/** Takes one request from `id`'s allowance, or throws the 429 `rate_limited` with Retry-After. No limiter: no limit. */
export function takeOrRefuse(limiter: RateLimiter | undefined, id: string, now: number): void {
  const decision = limiter?.take(id, now);
  if (decision !== undefined && !decision.ok) {
    throw tooManyRequests(`too many requests: retry in ${decision.retryAfter} s`, decision.retryAfter);
  }
}
