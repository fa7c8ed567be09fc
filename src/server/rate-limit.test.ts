import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRateLimiter, DEFAULT_MAX_BUCKETS } from './rate-limit.ts';
import { TEST_NOW } from './testing.ts';

const randomId = () => randomBytes(16).toString('base64url');

describe('createRateLimiter', () => {
  it('lets a burst of perMinute through, then refuses with the seconds until one more is allowed', () => {
    const limiter = createRateLimiter(2);
    expect(limiter.take('a', TEST_NOW)).toEqual({ ok: true });
    expect(limiter.take('a', TEST_NOW)).toEqual({ ok: true });
    expect(limiter.take('a', TEST_NOW)).toEqual({ ok: false, retryAfter: 30 });
    expect(limiter.take('b', TEST_NOW)).toEqual({ ok: true });
    expect(limiter.take('a', TEST_NOW + 30_000)).toEqual({ ok: true });
  });

  it('holds at most its bound of buckets after 100,000 random ids in one instant', () => {
    const limiter = createRateLimiter(600);
    for (let i = 0; i < 100_000; i++) limiter.take(randomId(), TEST_NOW);
    expect(limiter.size).toBe(DEFAULT_MAX_BUCKETS);
  });

  it('holds at most its bound of buckets with random ids spread over an hour', () => {
    const limiter = createRateLimiter(600, 1000);
    let most = 0;
    for (let i = 0; i < 100_000; i++) {
      limiter.take(randomId(), TEST_NOW + i * 36);
      most = Math.max(most, limiter.size);
    }
    expect(most).toBeLessThanOrEqual(1000);
  });

  it('drops the buckets of callers gone for a minute (full again, so nothing is lost)', () => {
    const limiter = createRateLimiter(600);
    for (let i = 0; i < 500; i++) limiter.take(randomId(), TEST_NOW);
    expect(limiter.size).toBe(500);
    limiter.take('later', TEST_NOW + 60_000);
    expect(limiter.size).toBe(1);
  });

  it('keeps the bucket of a caller in use while ids come and go around it', () => {
    const limiter = createRateLimiter(5, 100);
    for (let i = 0; i < 5; i++) expect(limiter.take('busy', TEST_NOW).ok).toBe(true);
    for (let i = 0; i < 10_000; i++) {
      limiter.take(randomId(), TEST_NOW + i);
      if (i % 50 === 0) expect(limiter.take('busy', TEST_NOW + i).ok).toBe(false);
    }
    expect(limiter.size).toBeLessThanOrEqual(100);
  });
});
