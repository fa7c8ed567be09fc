/**
 * Folder navigation as browser history: opening a folder adds a history entry, so Back and Forward (buttons, keys,
 * mouse) move between the folders visited, and leaving for another section and coming back returns to the folder.
 *
 * Folder names are decrypted names, so none goes into the address or into history: an entry holds only a number, and
 * the numbers' folders are kept in memory by the unlocked vault's screen (FolderHistoryProvider), which goes when the
 * vault locks. After a reload the numbers mean nothing and the files open at the top.
 */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';

/** The folders of this vault screen's history entries, by number. */
const FolderRefs = createContext<Map<number, string> | null>(null);

/** Numbers for history entries: unique within the page, meaningless outside it. */
let lastRef = 0;

/** Keeps the folders of history entries for the components below it (the unlocked vault). */
export function FolderHistoryProvider({ children }: { children: ReactNode }) {
  const [refs] = useState(() => new Map<number, string>());
  return <FolderRefs.Provider value={refs}>{children}</FolderRefs.Provider>;
}

/** The folder the current history entry was for: '' (the top) for any entry this vault screen did not make. */
function folderOfEntry(refs: Map<number, string>): string {
  const ref = (window.history.state as { cofferFolder?: unknown } | null)?.cofferFolder;
  return typeof ref === 'number' ? (refs.get(ref) ?? '') : '';
}

/** The folder on screen, and a function that opens another one as a new history entry. */
export function useFolderHistory(): [folder: string, open: (folder: string) => void] {
  const refs = useContext(FolderRefs);
  if (!refs) throw new Error('useFolderHistory needs a FolderHistoryProvider above it');
  const [folder, setFolder] = useState(() => folderOfEntry(refs));

  useEffect(() => {
    const onPop = () => setFolder(folderOfEntry(refs));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [refs]);

  const open = useCallback(
    (to: string) => {
      if (to === folderOfEntry(refs)) {
        setFolder(to);
        return;
      }
      const ref = ++lastRef;
      refs.set(ref, to);
      const state: unknown = window.history.state;
      window.history.pushState({ ...(typeof state === 'object' && state !== null ? state : {}), cofferFolder: ref }, '');
      setFolder(to);
    },
    [refs],
  );
  return [folder, open];
}
