import { describe, expect, it } from 'vitest';
import { SequentialReader } from './sequential-reader';

const bytes = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 31 + 7) & 0xff);
const blob = new Blob([bytes]);

describe('SequentialReader', () => {
  it('serves ascending, overlapping ranges from one stream', async () => {
    const reader = new SequentialReader(blob, 1000);
    for (const [start, end] of [
      [0, 10_000],
      [9_500, 30_000],
      [29_000, 29_000],
      [29_000, 100_000],
    ] as const) {
      expect(await reader.read(start, end)).toEqual(bytes.slice(start, end));
    }
  });

  it('restarts for a gap or a step back', async () => {
    const reader = new SequentialReader(blob, 100);
    expect(await reader.read(50_000, 60_000)).toEqual(bytes.slice(50_000, 60_000));
    expect(await reader.read(10, 20)).toEqual(bytes.slice(10, 20));
    expect(await reader.read(90_000, 95_000)).toEqual(bytes.slice(90_000, 95_000));
  });

  it('says so when the file is shorter than expected', async () => {
    await expect(new SequentialReader(blob, 0).read(99_000, 100_001)).rejects.toThrow('the file changed');
  });
});
