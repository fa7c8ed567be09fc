/**
 * Folders, search and sorting over the vault's decrypted names - all in the browser, since the endpoint never sees a
 * name. A file's name is its path ("photos/2024/beach.jpg"); folders exist because names say so, or because a folder
 * marker names them (an empty object that keeps a folder the user made, SPEC section 11).
 */
import { FOLDER_MARKER_TYPE, fileObjectParts } from '../../format';
import type { VaultFile } from './list-files';

/** A folder as the list shows it: how many files it holds (at any depth), their total size and the newest date. */
export interface FolderEntry {
  kind: 'folder';
  /** Full path, without a trailing slash. */
  path: string;
  name: string;
  files: number;
  size: number;
  modified: number;
}

/** A file as the list shows it. */
export interface FileEntry {
  kind: 'file';
  file: VaultFile;
  /** Full path: the decrypted name, or a stand-in for an unreadable file. */
  path: string;
  name: string;
  /** The folder it sits in ('' for the top). */
  folder: string;
  size: number;
  modified: number;
}

/** One row of the list. */
export type Entry = FolderEntry | FileEntry;

/** What the list can be sorted by. */
export type SortKey = 'name' | 'size' | 'modified';

/** A sort order: key and direction. */
export interface Sort {
  key: SortKey;
  direction: 'ascending' | 'descending';
}

/** The vault's files grouped by folder, with lowercased paths for search. Built once per listing. */
export interface FileIndex {
  /** Every file, in listing order (folder markers are not files: they are in `markers`). */
  files: FileEntry[];
  /** The folder markers, each at the path of the folder it keeps. */
  markers: FileEntry[];
  /** The entries directly inside each folder path ('' is the top). */
  children: Map<string, Entry[]>;
  /** Every folder path, sorted. */
  folders: string[];
}

/** Splits a path into its clean segments: no empty ones (leading, doubled or trailing slashes). */
export function segments(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

/** The path a file is shown at. */
export function pathOf(file: VaultFile): string {
  if (file.readable) return segments(file.metadata.name).join('/') || 'Unnamed file';
  return `Unreadable file ${fileObjectParts(file.key).id.slice(0, 8)}`;
}

/** The parent of a path ('' for a top-level entry). */
export function parentOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at < 0 ? '' : path.slice(0, at);
}

/** The last segment of a path. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Joins a folder and a name. */
export function joinPath(folder: string, name: string): string {
  return folder === '' ? name : `${folder}/${name}`;
}

/**
 * Whether a vault object is a folder marker (SPEC section 11): of the folder type and empty. It is listed as the
 * folder its name gives, never as a file; an object of that type with content in it is a file like any other.
 */
export function isFolderMarker(file: VaultFile): boolean {
  return file.readable && file.metadata.type === FOLDER_MARKER_TYPE && file.metadata.size === 0;
}

/**
 * Groups files into folders; folder markers and `extraFolders` (folders being made, not yet stored) add folders that
 * may hold no file.
 */
export function buildIndex(files: VaultFile[], extraFolders: readonly string[] = []): FileIndex {
  const children = new Map<string, Entry[]>([['', []]]);
  const folders = new Map<string, FolderEntry>();
  const folderAt = (path: string): FolderEntry => {
    let folder = folders.get(path);
    if (folder === undefined) {
      folder = { kind: 'folder', path, name: baseName(path), files: 0, size: 0, modified: 0 };
      folders.set(path, folder);
      children.set(path, []);
      const parent = parentOf(path);
      if (parent !== '') folderAt(parent);
      children.get(parent)?.push(folder);
    }
    return folder;
  };
  for (const extra of extraFolders) if (segments(extra).length > 0) folderAt(segments(extra).join('/'));
  const entries: FileEntry[] = [];
  const markers: FileEntry[] = [];
  for (const file of files) {
    const path = pathOf(file);
    const folder = parentOf(path);
    const size = file.readable ? file.metadata.size : file.storedSize;
    const modified = file.readable ? file.metadata.modified : Date.parse(file.uploaded);
    const entry: FileEntry = { kind: 'file', file, path, name: baseName(path), folder, size, modified };
    if (isFolderMarker(file)) {
      if (file.readable && segments(file.metadata.name).length > 0) {
        const kept = folderAt(path);
        kept.modified = Math.max(kept.modified, modified);
        markers.push(entry);
      }
      continue;
    }
    for (let at = folder; at !== ''; at = parentOf(at)) {
      const summary = folderAt(at);
      summary.files += 1;
      summary.size += size;
      summary.modified = Math.max(summary.modified, modified);
    }
    children.get(folder)?.push(entry);
    entries.push(entry);
  }
  return { files: entries, markers, children, folders: [...folders.keys()].sort(collator.compare) };
}

/** The entries directly inside `folder`; empty when there is no such folder. */
export function entriesIn(index: FileIndex, folder: string): Entry[] {
  return index.children.get(folder) ?? [];
}

/** Whether `folder` exists in the index (the top always does). */
export function folderExists(index: FileIndex, folder: string): boolean {
  return index.children.has(folder);
}

/**
 * Files anywhere in the vault whose path contains every word of `query`, ignoring case and accents
 * ("marz report" finds "Reports/März report.pdf").
 */
export function searchFiles(index: FileIndex, query: string): FileEntry[] {
  const words = fold(query).split(/\s+/).filter((word) => word !== '');
  if (words.length === 0) return [];
  return index.files.filter((entry) => {
    const haystack = fold(entry.path);
    return words.every((word) => haystack.includes(word));
  });
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Sorts entries (a new array): folders before files, then by the key; names compare as people expect ("2" < "10"). */
export function sortEntries<T extends Entry>(entries: readonly T[], sort: Sort): T[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const byName = (a: Entry, b: Entry) => collator.compare(a.name, b.name) || collator.compare(a.path, b.path);
  return [...entries].sort((a, b) => {
    if (a.kind !== b.kind) return a.kind === 'folder' ? -1 : 1;
    const primary = sort.key === 'name' ? byName(a, b) : sort.key === 'size' ? a.size - b.size : a.modified - b.modified;
    return sign * (primary || byName(a, b));
  });
}

/** The folder markers at or below the given folders: what keeps them (and the folders inside them) when empty. */
export function markersUnder(index: FileIndex, entries: readonly Entry[]): FileEntry[] {
  const folders = entries.filter((entry) => entry.kind === 'folder').map((entry) => entry.path);
  return index.markers.filter((marker) => folders.some((folder) => marker.path === folder || marker.path.startsWith(`${folder}/`)));
}

/** Every file at or below the given entries (a folder stands for all files inside it). */
export function filesUnder(index: FileIndex, entries: readonly Entry[]): FileEntry[] {
  const out = new Map<string, FileEntry>();
  for (const entry of entries) {
    if (entry.kind === 'file') out.set(entry.file.key, entry);
    else for (const file of index.files) if (file.path.startsWith(`${entry.path}/`)) out.set(file.file.key, file);
  }
  return [...out.values()];
}

/** Splits a file name before its extension; ".tar.gz" and the like count as one, and a leading dot is no extension. */
function splitExtension(name: string): [stem: string, extension: string] {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return [name, ''];
  const tar = name.slice(0, dot).toLowerCase().endsWith('.tar') && dot - 4 > 0 ? dot - 4 : dot;
  return [name.slice(0, tar), name.slice(tar)];
}

/**
 * The first free "name (2)", "name (3)"… for `path` in its folder, the number before the extension as file managers
 * put it ("report (2).pdf", "backup (2).tar.gz"); a name that already ends in a number counts on from it.
 */
export function freeName(path: string, taken: ReadonlySet<string>): string {
  const folder = parentOf(path);
  const [stem, extension] = splitExtension(baseName(path));
  const numbered = /^(.*) \((\d+)\)$/.exec(stem);
  const base = numbered ? (numbered[1] as string) : stem;
  for (let n = numbered ? Number(numbered[2]) + 1 : 2; ; n++) {
    const candidate = joinPath(folder, `${base} (${n})${extension}`);
    if (!taken.has(candidate)) return candidate;
  }
}
