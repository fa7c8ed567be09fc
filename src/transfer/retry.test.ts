import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-client';
import { TransferHttpError, isExpiredSignature, withRetries } from './retry';

const noWait = () => Promise.resolve();

describe('withRetries', () => {
  it('retries network errors, 5xx and 429, then succeeds', async () => {
    const failures = [new TypeError('Failed to fetch'), new TransferHttpError(503, 'SlowDown', 'x'), new TransferHttpError(429, undefined, 'x')];
    const attempt = vi.fn(async (n: number) => {
      const failure = failures[n];
      if (failure) throw failure;
      return 'done';
    });
    await expect(withRetries(attempt, { sleep: noWait })).resolves.toBe('done');
    expect(attempt).toHaveBeenCalledTimes(4);
  });

  it("retries the endpoint's rate limit after the Retry-After it gives, its 5xx and lost connections, and not its refusals", async () => {
    const failures = [new ApiError(429, 'rate_limited', 'too many requests: retry in 3 s', 3), new ApiError(0, 'network_error', 'x'), new ApiError(502, 'bad_gateway', 'x')];
    const waits: number[] = [];
    const attempt = vi.fn(async (n: number) => {
      const failure = failures[n];
      if (failure) throw failure;
      return 'signed';
    });
    await expect(withRetries(attempt, { sleep: async (ms) => void waits.push(ms) })).resolves.toBe('signed');
    expect(attempt).toHaveBeenCalledTimes(4);
    expect(waits[0]).toBeGreaterThanOrEqual(3000);
    for (const refusal of [new ApiError(400, 'invalid_request', 'bad key'), new ApiError(403, 'forbidden', 'no'), new ApiError(413, 'quota_exceeded', 'full')]) {
      const refused = vi.fn(async () => {
        throw refusal;
      });
      await expect(withRetries(refused, { sleep: noWait })).rejects.toBe(refusal);
      expect(refused).toHaveBeenCalledTimes(1);
    }
  });

  it('gives up at once on a client error, and after the last retry on a transient one', async () => {
    const denied = vi.fn(async () => {
      throw new TransferHttpError(400, 'EntityTooSmall', 'too small');
    });
    await expect(withRetries(denied, { sleep: noWait })).rejects.toThrow('too small');
    expect(denied).toHaveBeenCalledTimes(1);
    const down = vi.fn(async () => {
      throw new TransferHttpError(500, 'InternalError', 'down');
    });
    await expect(withRetries(down, { sleep: noWait, retries: 3 })).rejects.toThrow('down');
    expect(down).toHaveBeenCalledTimes(4);
  });

  it('re-signs after an expired URL without waiting', async () => {
    const expired = new TransferHttpError(403, 'AccessDenied', 'storage refused (AccessDenied: Request has expired)', undefined, 'Request has expired');
    expect(isExpiredSignature(expired)).toBe(true);
    expect(isExpiredSignature(new TransferHttpError(403, 'SignatureDoesNotMatch', 'no'))).toBe(false);
    const waits: number[] = [];
    const onRetry = vi.fn();
    let calls = 0;
    const result = await withRetries(
      async () => {
        if (calls++ === 0) throw expired;
        return 'ok';
      },
      { onRetry, sleep: async (ms) => void waits.push(ms) },
    );
    expect(result).toBe('ok');
    expect(onRetry).toHaveBeenCalledWith(expired, 1);
    expect(waits).toEqual([0]);
  });

  it('waits at least what Retry-After asks and stops when aborted', async () => {
    const waits: number[] = [];
    const controller = new AbortController();
    const attempt = vi.fn(async () => {
      throw new TransferHttpError(429, 'SlowDown', 'slow down', 7);
    });
    const run = withRetries(attempt, {
      signal: controller.signal,
      sleep: async (ms) => {
        waits.push(ms);
        controller.abort(new Error('cancelled'));
      },
    });
    await expect(run).rejects.toThrow('cancelled');
    expect(waits[0]).toBeGreaterThanOrEqual(7000);
  });
});
