import { describe, expect, it } from 'vitest';
import { ChunkLedger } from './chunk-ledger';

const digest = (n: number) => new Uint8Array(32).fill(n);

describe('ChunkLedger', () => {
  it('records new chunks, agrees with equal ones, and refuses a different one without recording anything', () => {
    const ledger = new ChunkLedger();
    expect(ledger.claim(3, [digest(3), digest(4)])).toBeUndefined();
    // The chunk at the edge of two parts: the neighbour's reading of chunk 4 is the same.
    expect(ledger.claim(4, [digest(4), digest(5)])).toBeUndefined();
    expect(ledger.claim(5, [digest(5), digest(6), digest(77)])).toBeUndefined();
    // Chunk 6 again from other plaintext: refused, and chunk 8 of that claim is not recorded either.
    expect(ledger.claim(6, [digest(66), digest(7), digest(8)])).toBe(6);
    expect(ledger.known(6, 8)).toEqual([digest(6), digest(77), undefined]);
    expect(ledger.covers(3, 7)).toBe(true);
    expect(ledger.covers(3, 8)).toBe(false);
    expect(ledger.covers(0, -1)).toBe(true);
  });

  it('is rebuilt from part records, unless two of them disagree about a chunk', () => {
    const parts = [
      { firstChunk: 0, digests: [digest(0), digest(1)] },
      { firstChunk: 1, digests: [digest(1), digest(2)], etag: '"e"' },
    ];
    expect(ChunkLedger.of(parts)?.known(0, 2)).toEqual([digest(0), digest(1), digest(2)]);
    expect(ChunkLedger.of([...parts, { firstChunk: 2, digests: [digest(9)] }])).toBeUndefined();
  });

  it('hands out its chunks as runs of consecutive indexes, each at most so long', () => {
    const ledger = new ChunkLedger();
    ledger.claim(5, [digest(5), digest(6), digest(7)]);
    ledger.claim(0, [digest(0), digest(1)]);
    expect(ledger.runs(2).map((run) => [run.first, run.digests.length])).toEqual([
      [0, 2],
      [5, 2],
      [7, 1],
    ]);
  });
});
