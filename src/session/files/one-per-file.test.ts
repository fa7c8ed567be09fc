import { describe, expect, it } from 'vitest';
import { onePerFile } from './one-per-file';

const object = (key: string, uploaded: string) => ({ key, uploaded });

describe('onePerFile', () => {
  it('leaves a listing without shared ids as it is, and asks nothing', async () => {
    const listed = [object('files/aa.n1.x', '2030-01-02'), object('files/bb.n1.y', '2030-01-01'), object('files/cc', '2030-01-03')];
    const asked: string[] = [];
    expect(await onePerFile(listed, async (o) => (asked.push(o.key), true))).toEqual(listed);
    expect(asked).toEqual([]);
  });

  it('shows a file copied by an interrupted key rotation once: the copy whose header opens with the current key', async () => {
    const old = object('files/aa.n1.old', '2030-01-01T00:00:00.000Z');
    const copy = object('files/aa.n1.new', '2030-01-01T00:00:00.000Z');
    const other = object('files/bb.n1.z', '2030-01-05T00:00:00.000Z');
    expect(await onePerFile([old, other, copy], async (o) => o === copy)).toEqual([other, copy]);
    expect(await onePerFile([copy, other, old], async (o) => o === copy)).toEqual([copy, other]);
  });

  it('keeps the newest when no header opens with the current key, or the check fails', async () => {
    const a = object('files/aa.n1.a', '2030-01-01T00:00:00.000Z');
    const b = object('files/aa/.n1.b', '2030-01-02T00:00:00.000Z'); // a key cut into segments reads the same id
    expect(await onePerFile([a, b], async () => false)).toEqual([b]);
    expect(await onePerFile([a, b], async () => Promise.reject(new Error('network')))).toEqual([b]);
  });
});
