import { describe, expect, it } from 'vitest';
import type { VaultFile } from './list-files';
import { FOLDER_MARKER_TYPE } from '../../format';
import { buildIndex, entriesIn, filesUnder, isFolderMarker, markersUnder, pathOf, searchFiles, sortEntries, type Entry } from './file-tree';

function file(name: string, size = 1, modified = 0): VaultFile {
  return { key: `files/${name.length}${name}`, storedSize: size + 100, uploaded: new Date(modified).toISOString(), readable: true, metadata: { name, type: 'text/plain', size, modified } };
}

const names = (entries: Entry[]) => entries.map((e) => `${e.kind === 'folder' ? 'd' : 'f'}:${e.name}`);

describe('file tree', () => {
  const index = buildIndex([file('a.txt', 5, 30), file('Album/2024/b.md', 7, 10), file('Album/c 10.txt', 1, 20), file('Album/c 2.txt', 2, 40)]);

  it('derives folders from names, with counts, sizes and newest dates at every depth', () => {
    expect(names(entriesIn(index, ''))).toEqual(['f:a.txt', 'd:Album']);
    const album = entriesIn(index, '').find((e) => e.kind === 'folder');
    expect(album).toMatchObject({ path: 'Album', files: 3, size: 10, modified: 40 });
    expect(names(entriesIn(index, 'Album'))).toEqual(['d:2024', 'f:c 10.txt', 'f:c 2.txt']);
    expect(names(entriesIn(index, 'Album/2024'))).toEqual(['f:b.md']);
    expect(entriesIn(index, 'nowhere')).toEqual([]);
    expect(index.folders).toEqual(['Album', 'Album/2024']);
  });

  it('sorts folders first, names numerically, both directions, by size and by date', () => {
    const album = entriesIn(index, 'Album');
    expect(names(sortEntries(album, { key: 'name', direction: 'ascending' }))).toEqual(['d:2024', 'f:c 2.txt', 'f:c 10.txt']);
    expect(names(sortEntries(album, { key: 'name', direction: 'descending' }))).toEqual(['d:2024', 'f:c 10.txt', 'f:c 2.txt']);
    expect(names(sortEntries(album, { key: 'size', direction: 'descending' }))).toEqual(['d:2024', 'f:c 2.txt', 'f:c 10.txt']);
    expect(names(sortEntries(album, { key: 'modified', direction: 'ascending' }))).toEqual(['d:2024', 'f:c 10.txt', 'f:c 2.txt']);
  });

  it('searches whole paths across the vault, every word, ignoring case and accents', () => {
    const withUmlaut = buildIndex([file('Reports/März report.pdf'), file('other.pdf')]);
    expect(searchFiles(withUmlaut, 'marz REPORT').map((e) => e.path)).toEqual(['Reports/März report.pdf']);
    expect(searchFiles(index, 'album c').map((e) => e.name)).toEqual(['c 10.txt', 'c 2.txt']);
    expect(searchFiles(index, '   ')).toEqual([]);
    expect(searchFiles(index, 'zzz')).toEqual([]);
  });

  it('keeps folders made in this session, and cleans odd slashes out of names', () => {
    const made = buildIndex([file('/x//y.txt')], ['New/Inner']);
    expect(names(entriesIn(made, ''))).toEqual(['d:New', 'd:x']);
    expect(names(entriesIn(made, 'New'))).toEqual(['d:Inner']);
    expect(pathOf(file('/x//y.txt'))).toBe('x/y.txt');
  });

  it('expands a selected folder to every file under it, once', () => {
    const album = entriesIn(index, '').filter((e) => e.kind === 'folder');
    const chosen = [...album, ...entriesIn(index, 'Album/2024')];
    expect(filesUnder(index, chosen).map((e) => e.path).sort()).toEqual(['Album/2024/b.md', 'Album/c 10.txt', 'Album/c 2.txt']);
  });

  it('lists a folder marker as the folder it names, never as a file', () => {
    const marker = (name: string, size = 0): VaultFile => ({ key: `files/m${name}`, storedSize: 300, uploaded: '', readable: true, metadata: { name, type: FOLDER_MARKER_TYPE, size, modified: 50 } });
    const withMarkers = buildIndex([file('a.txt'), marker('Empty'), marker('Album/Inner'), file('Album/b.txt'), marker('Stuffed.bin', 9)]);
    expect(names(entriesIn(withMarkers, ''))).toEqual(['f:a.txt', 'd:Empty', 'd:Album', 'f:Stuffed.bin']);
    expect(names(entriesIn(withMarkers, 'Album'))).toEqual(['d:Inner', 'f:b.txt']);
    expect(entriesIn(withMarkers, 'Empty')).toEqual([]);
    expect(entriesIn(withMarkers, '').find((e) => e.name === 'Empty')).toMatchObject({ kind: 'folder', files: 0, size: 0, modified: 50 });
    // Not a file: not counted, not searched, not in a folder's files (a download or delete of them).
    expect(withMarkers.files.map((e) => e.path)).toEqual(['a.txt', 'Album/b.txt', 'Stuffed.bin']);
    expect(searchFiles(withMarkers, 'empty')).toEqual([]);
    expect(isFolderMarker(marker('x'))).toBe(true);
    expect(isFolderMarker(marker('x', 1))).toBe(false);
    const album = entriesIn(withMarkers, '').filter((e) => e.kind === 'folder');
    expect(filesUnder(withMarkers, album).map((e) => e.path)).toEqual(['Album/b.txt']);
    expect(markersUnder(withMarkers, album).map((e) => e.path).sort()).toEqual(['Album/Inner', 'Empty']);
    expect(markersUnder(withMarkers, entriesIn(withMarkers, 'Album'))).toMatchObject([{ path: 'Album/Inner' }]);
  });
});
