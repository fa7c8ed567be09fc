/**
 * Uploads onto names already taken: a file of that name in the folder (or one on its way there) makes a conflict,
 * which the person settles as file managers offer - replace it, keep both (the new one as "name (2)"), or skip.
 * Names compare as the file list compares them: the whole path, exactly (case counts, as it does for rename).
 */
import { freeName, parentOf, segments } from '../../session/files/file-tree';
import type { NamedFile } from '../../components/upload/collect-files';
import type { QueuedFile } from './upload-queue';

/** What a person chooses for a conflict. */
export type ConflictChoice = 'replace' | 'keep-both' | 'skip';

/** A vault file as conflicts see it: its path and object key. */
export interface PlacedFile {
  path: string;
  key: string;
}

/** An upload in the queue that may still move, with its file's identity. */
export interface UnfinishedUpload {
  id: string;
  name: string;
  size: number;
  lastModified: number;
}

/** A file of a batch whose name is taken. */
export interface NameConflict {
  file: File;
  /** Its path in the vault. */
  name: string;
  /** Object keys of the vault files of that path. */
  keys: string[];
  /** Queue ids of unfinished uploads of another file under that path (Replace cancels them). */
  uploads: string[];
}

/** A batch sorted out: what goes at once, what is in question, and uploads of the same files already in the queue. */
export interface SortedBatch {
  clear: QueuedFile[];
  conflicts: NameConflict[];
  /** Queue ids of unfinished uploads of the very files chosen again (resumed, not uploaded twice). */
  again: string[];
  /** Every path taken, those of the batch included: names that Keep both must not pick. */
  taken: Set<string>;
}

/** A path as the file list shows it: no empty segments. */
function clean(name: string): string {
  return segments(name).join('/');
}

/**
 * Sorts a batch against the vault's files and the unfinished uploads: a file whose path is free goes at once; a file
 * whose path a vault file or another file's upload holds is a conflict; a file already on its way under the same path
 * (same size and date) is not uploaded twice. Two files of the batch with one path: the later one keeps both.
 * `folders` are the paths of folders that exist without a file in them (folder markers): no file conflicts with them,
 * and Keep both does not pick their names.
 */
export function sortBatch(
  batch: readonly NamedFile[],
  files: readonly PlacedFile[],
  uploads: readonly UnfinishedUpload[],
  folders: readonly string[] = [],
): SortedBatch {
  const keysAt = new Map<string, string[]>();
  const taken = new Set<string>();
  const takePath = (path: string) => {
    for (let at = path; at !== '' && !taken.has(at); at = parentOf(at)) taken.add(at);
  };
  for (const file of files) {
    keysAt.set(file.path, [...(keysAt.get(file.path) ?? []), file.key]);
    takePath(file.path);
  }
  for (const folder of folders) takePath(clean(folder));
  for (const upload of uploads) takePath(clean(upload.name));
  const named = batch.map(({ file, name }) => ({ file, name: clean(name) }));
  for (const { name } of named) takePath(name);

  const sorted: SortedBatch = { clear: [], conflicts: [], again: [], taken };
  const inBatch = new Set<string>();
  for (const { file, name } of named) {
    const moving = uploads.filter((u) => clean(u.name) === name);
    const same = moving.find((u) => u.size === file.size && u.lastModified === file.lastModified);
    const keys = keysAt.get(name) ?? [];
    if (same) sorted.again.push(same.id);
    else if (inBatch.has(name)) sorted.clear.push(keepBoth({ file, name }, taken));
    else if (keys.length > 0 || moving.length > 0) sorted.conflicts.push({ file, name, keys, uploads: moving.map((u) => u.id) });
    else sorted.clear.push({ file, name });
    inBatch.add(name);
  }
  return sorted;
}

function keepBoth({ file, name }: { file: File; name: string }, taken: Set<string>): QueuedFile {
  const free = freeName(name, taken);
  taken.add(free);
  return { file, name: free };
}

/**
 * What a choice makes of a conflict: the upload to queue (none for Skip), and the queued uploads to cancel (Replace
 * of a file still on its way). Keep both takes its new name into `taken`, so the next one picks another.
 */
export function settle(conflict: NameConflict, choice: ConflictChoice, taken: Set<string>): { upload?: QueuedFile; cancel: string[] } {
  if (choice === 'skip') return { cancel: [] };
  if (choice === 'keep-both') return { upload: keepBoth(conflict, taken), cancel: [] };
  return { upload: { file: conflict.file, name: conflict.name, replaces: conflict.keys }, cancel: conflict.uploads };
}
