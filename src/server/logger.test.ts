import { afterEach, describe, expect, it, vi } from 'vitest';
import { bufferedStdout, createJsonLogger } from './logger.ts';

describe('bufferedStdout', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('batches log lines into one write within 50 ms', () => {
    vi.useFakeTimers();
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const logger = createJsonLogger(bufferedStdout());
    logger.info({ msg: 'one' });
    logger.info({ msg: 'two' });
    expect(write).not.toHaveBeenCalled();
    vi.advanceTimersByTime(50);
    expect(write).toHaveBeenCalledTimes(1);
    const lines = String(write.mock.calls[0]?.[0]).trim().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['one', 'two']);
  });

  it('writes at once when 16 KiB are waiting', () => {
    vi.useFakeTimers();
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    bufferedStdout()(`${'x'.repeat(20_000)}\n`);
    expect(write).toHaveBeenCalledTimes(1);
  });
});
