import { describe, expect, it } from 'vitest';
import { freeName } from '../../session/files/file-tree';
import { settle, sortBatch } from './name-conflicts';

const file = (size = 1, lastModified = 1000) => new File([new Uint8Array(size)], 'f', { lastModified });

describe('freeName', () => {
  it('numbers before the extension, in the same folder, from 2 up past the names taken', () => {
    expect(freeName('report.pdf', new Set(['report.pdf']))).toBe('report (2).pdf');
    expect(freeName('Photos/2024/beach.jpg', new Set(['Photos/2024/beach.jpg', 'Photos/2024/beach (2).jpg']))).toBe('Photos/2024/beach (3).jpg');
    expect(freeName('README', new Set(['README']))).toBe('README (2)');
    expect(freeName('.env', new Set(['.env']))).toBe('.env (2)');
    expect(freeName('backup.tar.gz', new Set(['backup.tar.gz']))).toBe('backup (2).tar.gz');
    expect(freeName('v1.2 notes.txt', new Set())).toBe('v1.2 notes (2).txt');
  });

  it('counts on from a number the name already has', () => {
    expect(freeName('report (2).pdf', new Set(['report (2).pdf']))).toBe('report (3).pdf');
  });

  it('compares names exactly, as the file list does: another case is another name', () => {
    expect(freeName('Report.pdf', new Set(['report (2).pdf']))).toBe('Report (2).pdf');
  });
});

describe('sortBatch', () => {
  it('an empty folder (its marker) is no file to replace: a file of its name goes up beside it under a free name', () => {
    const a = file();
    const sorted = sortBatch([{ file: a, name: 'Taxes' }, { file: a, name: 'Taxes/2031.pdf' }], [], [], ['Taxes']);
    expect(sorted.conflicts).toEqual([]);
    expect(sorted.clear.map((q) => q.name)).toEqual(['Taxes', 'Taxes/2031.pdf']);
    expect(sorted.taken.has('Taxes')).toBe(true);
    expect(freeName('Taxes', sorted.taken)).toBe('Taxes (2)');
  });

  it('a path a vault file holds is a conflict; a free one goes at once; case counts', () => {
    const a = file();
    const b = file();
    const c = file();
    const sorted = sortBatch(
      [{ file: a, name: 'Docs/report.pdf' }, { file: b, name: 'Docs/notes.txt' }, { file: c, name: 'Docs/Report.PDF' }],
      [{ path: 'Docs/report.pdf', key: 'files/1' }, { path: 'Docs/report.pdf', key: 'files/2' }, { path: 'report.pdf', key: 'files/3' }],
      [],
    );
    expect(sorted.conflicts).toEqual([{ file: a, name: 'Docs/report.pdf', keys: ['files/1', 'files/2'], uploads: [] }]);
    expect(sorted.clear).toEqual([{ file: b, name: 'Docs/notes.txt' }, { file: c, name: 'Docs/Report.PDF' }]);
  });

  it('an unfinished upload of another file under the path is a conflict; of the same file, it is the same upload', () => {
    const same = file(5, 42);
    const other = file(6, 42);
    const sorted = sortBatch(
      [{ file: same, name: 'a.bin' }, { file: other, name: 'b.bin' }],
      [],
      [{ id: 'u1', name: 'a.bin', size: 5, lastModified: 42 }, { id: 'u2', name: 'b.bin', size: 5, lastModified: 42 }],
    );
    expect(sorted.again).toEqual(['u1']);
    expect(sorted.conflicts).toEqual([{ file: other, name: 'b.bin', keys: [], uploads: ['u2'] }]);
    expect(sorted.clear).toEqual([]);
  });

  it('two files of the batch under one path: the later keeps both, under a name free in the batch too', () => {
    const first = file();
    const second = file(2);
    const sorted = sortBatch(
      [{ file: first, name: 'scan.png' }, { file: second, name: 'scan.png' }, { file: file(3), name: 'scan (2).png' }],
      [],
      [],
    );
    expect(sorted.clear.map((u) => u.name)).toEqual(['scan.png', 'scan (3).png', 'scan (2).png']);
    expect(sorted.clear[1]?.file).toBe(second);
  });
});

describe('settle', () => {
  it('Replace keeps the name and names the files to remove and the uploads to cancel; Keep both takes a free name; Skip uploads nothing', () => {
    const a = file();
    const sorted = sortBatch(
      [{ file: a, name: 'Photos/cat.jpg' }, { file: file(), name: 'Photos/cat (2).jpg' }],
      [{ path: 'Photos/cat.jpg', key: 'files/old' }, { path: 'Photos/cat (3).jpg/inside.txt', key: 'files/x' }],
      [{ id: 'u7', name: 'Photos/cat.jpg', size: 99, lastModified: 1 }],
    );
    const [conflict] = sorted.conflicts;
    if (!conflict) throw new Error('no conflict');
    expect(settle(conflict, 'replace', sorted.taken)).toEqual({ upload: { file: a, name: 'Photos/cat.jpg', replaces: ['files/old'] }, cancel: ['u7'] });
    expect(settle(conflict, 'skip', sorted.taken)).toEqual({ cancel: [] });
    // "cat (2).jpg" comes in the same batch, and a folder is named "cat (3).jpg": the first free name is (4).
    expect(settle(conflict, 'keep-both', sorted.taken).upload?.name).toBe('Photos/cat (4).jpg');
    expect(settle(conflict, 'keep-both', sorted.taken).upload?.name).toBe('Photos/cat (5).jpg');
  });
});
