import { describe, expect, it } from 'vitest';
import { resolveRange } from './http-range';

describe('resolveRange', () => {
  it('serves the whole file without a Range header or with one it does not understand', () => {
    for (const header of [null, '', 'items=0-1', 'bytes=0-1,5-6', 'bytes=5-2', 'bytes=-', 'bytes=a-b']) {
      expect(resolveRange(header, 100)).toEqual({ status: 200, start: 0, end: 100 });
    }
  });

  it('serves open, closed and suffix ranges as 206 with Content-Range', () => {
    expect(resolveRange('bytes=0-', 100)).toEqual({ status: 206, start: 0, end: 100, contentRange: 'bytes 0-99/100' });
    expect(resolveRange('bytes=10-19', 100)).toEqual({ status: 206, start: 10, end: 20, contentRange: 'bytes 10-19/100' });
    expect(resolveRange('bytes=-10', 100)).toEqual({ status: 206, start: 90, end: 100, contentRange: 'bytes 90-99/100' });
    expect(resolveRange('bytes=-1000', 100)).toEqual({ status: 206, start: 0, end: 100, contentRange: 'bytes 0-99/100' });
  });

  it('clips a range that runs past the end', () => {
    expect(resolveRange('bytes=95-200', 100)).toEqual({ status: 206, start: 95, end: 100, contentRange: 'bytes 95-99/100' });
  });

  it('answers 416 for a range that starts at or after the end, also of an empty file', () => {
    expect(resolveRange('bytes=100-', 100)).toEqual({ status: 416, contentRange: 'bytes */100' });
    expect(resolveRange('bytes=0-', 0)).toEqual({ status: 416, contentRange: 'bytes */0' });
    expect(resolveRange('bytes=-5', 0)).toEqual({ status: 416, contentRange: 'bytes */0' });
    expect(resolveRange('bytes=-0', 100)).toEqual({ status: 416, contentRange: 'bytes */100' });
  });

  it('handles offsets of files larger than 4 GiB exactly', () => {
    const size = 2 ** 40;
    expect(resolveRange(`bytes=${size - 2}-`, size)).toMatchObject({ status: 206, start: size - 2, end: size });
  });
});
