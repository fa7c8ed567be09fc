/** Which files go where when entries are renamed or moved: pure, checked before anything is copied. */
import type { ReadableFile } from './api/move-files';
import { filesUnder, joinPath, markersUnder, parentOf, type Entry, type FileIndex } from '../../session/files/file-tree';

/** The moves to make, or why none should be made. */
export type MovePlan = { ok: true; moves: { file: ReadableFile; to: string }[] } | { ok: false; problem: string };

/**
 * For each entry, the path it takes: a file keeps its name, a folder keeps its name and everything inside, its
 * folder markers (which keep empty folders) included.
 */
function plan(index: FileIndex, pairs: { entry: Entry; newPath: string }[]): MovePlan {
  const moves: { file: ReadableFile; to: string }[] = [];
  const markerMoves: { file: ReadableFile; to: string }[] = [];
  for (const { entry, newPath } of pairs) {
    const under = (path: string) => (entry.kind === 'file' || path === entry.path ? newPath : joinPath(newPath, path.slice(entry.path.length + 1)));
    for (const item of filesUnder(index, [entry])) {
      if (!item.file.readable) return { ok: false, problem: `“${item.path}” cannot be opened with this vault's key, so it cannot be moved` };
      const to = under(item.path);
      if (to !== item.path) moves.push({ file: item.file, to });
    }
    for (const marker of markersUnder(index, [entry])) {
      const to = under(marker.path);
      if (marker.file.readable && to !== marker.path) markerMoves.push({ file: marker.file, to });
    }
  }
  const moving = new Set(moves.map((m) => m.file.key));
  const taken = new Map(index.files.filter((f) => !moving.has(f.file.key)).map((f) => [f.path, f]));
  const targets = new Set<string>();
  for (const move of moves) {
    if (taken.has(move.to) || targets.has(move.to)) return { ok: false, problem: `“${move.to}” already exists` };
    targets.add(move.to);
  }
  // A marker names a folder, not a file: it takes no file's place (folders of the same name merge, as files' folders do).
  return { ok: true, moves: [...moves, ...markerMoves] };
}

/** Moves entries into `folder` ('' is the top level). */
export function planMove(index: FileIndex, entries: readonly Entry[], folder: string): MovePlan {
  for (const entry of entries) {
    if (entry.kind === 'folder' && (folder === entry.path || folder.startsWith(`${entry.path}/`))) {
      return { ok: false, problem: `the folder “${entry.name}” cannot be moved into itself` };
    }
  }
  return plan(
    index,
    entries.map((entry) => ({ entry, newPath: joinPath(folder, entry.name) })),
  );
}

/** Renames one entry in its folder. */
export function planRename(index: FileIndex, entry: Entry, name: string): MovePlan {
  return plan(index, [{ entry, newPath: joinPath(parentOf(entry.path), name) }]);
}
