/**
 * The file browser's view state: which folder, what search, which order, what is selected and which row is active;
 * and the entries that follow from them. Pure view logic over the decrypted listing (nothing here calls the network).
 */
import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import type { VaultFile } from '../../../session/files/list-files';
import { buildIndex, entriesIn, searchFiles, sortEntries, type Entry, type Sort, type SortKey } from '../../../session/files/file-tree';
import { entryId } from './file-grid';

/** The view state and what follows from it. */
export function useBrowserState(files: readonly VaultFile[], hidden: ReadonlySet<string>, folder: string, setFolder: (folder: string) => void) {
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<Sort>({ key: 'name', direction: 'ascending' });
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const [anchor, setAnchor] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const [madeFolders, setMadeFolders] = useState<readonly string[]>([]);

  const visible = useMemo(() => (hidden.size === 0 ? files : files.filter((file) => !hidden.has(file.key))), [files, hidden]);
  const index = useMemo(() => buildIndex(visible as VaultFile[], madeFolders), [visible, madeFolders]);
  const search = useDeferredValue(query.trim());
  const searching = search !== '';
  const entries = useMemo(
    () => sortEntries(searching ? searchFiles(index, search) : entriesIn(index, folder), sort),
    [index, folder, search, searching, sort],
  );
  const safeActive = Math.min(active, Math.max(0, entries.length - 1));
  const selection = useMemo(() => entries.filter((entry) => selected.has(entryId(entry))), [entries, selected]);

  const resetView = useCallback(() => {
    setSelected(new Set());
    setAnchor(null);
    setActive(0);
  }, []);

  const navigate = useCallback(
    (to: string) => {
      setFolder(to);
      setQuery('');
      resetView();
      // Going up, the row of the folder just left is the active one (as in a desktop file manager); going down, the first.
      const from = searching ? '' : folder;
      if (to === '' ? from !== '' : from.startsWith(`${to}/`)) {
        const at = sortEntries(entriesIn(index, to), sort).findIndex((e) => e.kind === 'folder' && (from === e.path || from.startsWith(`${e.path}/`)));
        setActive(Math.max(0, at));
      }
    },
    [setFolder, resetView, searching, folder, index, sort],
  );

  const changeQuery = useCallback(
    (text: string) => {
      setQuery(text);
      resetView();
    },
    [resetView],
  );

  const sortBy = useCallback((key: SortKey) => {
    setSort((current) =>
      current.key === key
        ? { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' }
        : { key, direction: key === 'name' ? 'ascending' : 'descending' },
    );
  }, []);

  /** Toggles one entry, or with `range` selects everything from the last toggled entry to this one. */
  const toggle = useCallback(
    (at: number, range: boolean) => {
      const entry = entries[at];
      if (!entry) return;
      setSelected((current) => {
        const next = new Set(current);
        if (range && anchor !== null) {
          const [from, to] = anchor < at ? [anchor, at] : [at, anchor];
          for (const e of entries.slice(from, to + 1)) next.add(entryId(e));
        } else if (next.has(entryId(entry))) next.delete(entryId(entry));
        else next.add(entryId(entry));
        return next;
      });
      if (!range || anchor === null) setAnchor(at);
      setActive(at);
    },
    [entries, anchor],
  );

  const selectAll = useCallback(
    (select: boolean) => setSelected(select ? new Set(entries.map(entryId)) : new Set()),
    [entries],
  );

  /** Shows a folder while its marker is being stored; `forgetFolder` once the listing has the marker (or it failed). */
  const makeFolder = useCallback((path: string) => setMadeFolders((current) => [...current, path]), []);
  const forgetFolder = useCallback((path: string) => setMadeFolders((current) => current.filter((made) => made !== path)), []);

  return {
    index,
    entries,
    folder,
    query,
    searching,
    search,
    sort,
    selected,
    selection,
    active: safeActive,
    setActive,
    navigate,
    changeQuery,
    sortBy,
    toggle,
    selectAll,
    clearSelection: resetView,
    makeFolder,
    forgetFolder,
  };
}

/** The browser state, as the components see it. */
export type BrowserState = ReturnType<typeof useBrowserState>;

/** Entry as a label for messages: “name” for one, “N files”/“N items” for more. */
export function describe(entries: readonly Entry[]): string {
  if (entries.length === 1) {
    const only = entries[0] as Entry;
    return only.kind === 'folder' ? `the folder “${only.name}” (${only.files} ${only.files === 1 ? 'file' : 'files'})` : `“${only.name}”`;
  }
  return entries.every((e) => e.kind === 'file') ? `${entries.length} files` : `${entries.length} items`;
}
