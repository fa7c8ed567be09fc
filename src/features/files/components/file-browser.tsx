import { useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useToast } from '../../../components/ui/toast';
import { useCreateFolder } from '../api/create-folder';
import { useDownloadZip, type ZipItem } from '../api/download-files';
import type { VaultFile } from '../../../session/files/list-files';
import { useMoveFiles, type ReadableFile } from '../api/move-files';
import { usePendingDeletes } from '../../../session/files/pending-deletes';
import { baseName, entriesIn, filesUnder, joinPath, markersUnder, type Entry } from '../../../session/files/file-tree';
import { planMove, planRename, type MovePlan } from '../plan-moves';
import { Breadcrumbs } from './breadcrumbs';
import { DeleteDialog } from './delete-dialog';
import { FileGrid } from './file-grid';
import type { RowActions } from './file-row';
import { MoveDialog, RenameDialog } from './name-dialogs';
import { BrowserEmpty } from './browser-empty';
import { describe, useBrowserState } from './use-browser-state';
import { UsageFigure } from './usage-figure';
import { useKeepFocus } from './use-keep-focus';
import './file-browser.css';

interface FileBrowserProps {
  files: readonly VaultFile[];
  /** The folder shown ('' for the top); the screen keeps it, so uploads go into it. */
  folder: string;
  onFolderChange(folder: string): void;
  /** Downloads one file (with its progress shown in its row). */
  onDownload(file: ReadableFile): void;
  /** The single download under way: its object key and percent. */
  downloading: { key: string; percent: number } | null;
  onCancelDownload(): void;
  onShare?(file: ReadableFile): void;
  /** When given, each file row whose type `canPreview` accepts offers "Preview <name>". */
  onPreview?(file: ReadableFile): void;
  /** Whether the preview can show a file (a viewer for its type); without it, every file is offered. */
  canPreview?(file: ReadableFile): boolean;
}

type Dialog = { kind: 'rename'; entry: Entry } | { kind: 'move'; entries: Entry[] } | { kind: 'delete'; entries: Entry[] } | { kind: 'new-folder' };

/**
 * The vault's files as a person browses them: folders and breadcrumbs, search across the vault, sort, multi-select
 * with bulk download, move and delete (with Undo), rename, and the storage used. Names are decrypted in this browser
 * only; the list is virtualised for vaults of tens of thousands of files.
 */
export function FileBrowser({ files, folder, onFolderChange, onDownload, downloading, onCancelDownload, onShare, onPreview, canPreview }: FileBrowserProps) {
  const toaster = useToast();
  const deletes = usePendingDeletes();
  const moves = useMoveFiles();
  const zip = useDownloadZip();
  const createFolder = useCreateFolder();
  const state = useBrowserState(files, deletes.hidden, folder, onFolderChange);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const root = useRef<HTMLDivElement>(null);
  useKeepFocus(root, () => root.current?.querySelector<HTMLElement>(`.fb-body [data-index="${state.active}"], .empty`));

  function runPlan(plan: MovePlan, done: string) {
    if (!plan.ok) {
      toaster.show({ tone: 'error', message: `Nothing was moved: ${plan.problem}.` });
      return;
    }
    if (plan.moves.length === 0) return;
    moves.mutate(plan.moves, {
      onSuccess: ({ moved, failed }) => {
        if (failed.length === 0) toaster.show({ message: moved.length === 1 ? done : `${done} (${moved.length} files)` });
        else toaster.show({ tone: 'error', message: `${failed.length} of ${plan.moves.length} could not be moved: ${failed[0]?.error.message ?? ''}` });
      },
      onError: (error) => toaster.show({ tone: 'error', message: `Nothing was moved: ${error.message}` }),
    });
    state.clearSelection();
  }

  function download(entries: readonly Entry[]) {
    const chosen = filesUnder(state.index, entries).filter((e) => e.file.readable);
    const only = chosen[0];
    if (entries.length === 1 && entries[0]?.kind === 'file' && only?.file.readable) return onDownload(only.file);
    // Paths in the zip start at the folder shown, so a downloaded folder unpacks as that folder.
    const base = state.searching ? '' : state.folder;
    const items: ZipItem[] = chosen.map((e) => ({ file: e.file as ReadableFile, path: base === '' ? e.path : e.path.slice(base.length + 1) }));
    const first = entries[0];
    const zipName = entries.length === 1 && first?.kind === 'folder' ? `${first.name}.zip` : `Coffer – ${items.length} files.zip`;
    zip.mutate(
      { items, zipName },
      {
        onError: (error) =>
          error instanceof DOMException && error.name === 'AbortError'
            ? undefined
            : toaster.show({ tone: 'error', message: `The download failed: ${error.message}`, action: { label: 'Retry', onAction: () => download(entries) } }),
      },
    );
  }

  // Row actions read the latest state and handlers through a ref, so the one actions object (and every row) stays put.
  const latest = useRef({ state, download, onDownload, onShare, onPreview, canPreview });
  useLayoutEffect(() => {
    latest.current = { state, download, onDownload, onShare, onPreview, canPreview };
  });
  const hasPreview = onPreview !== undefined;
  const cancelZip = zip.cancel;
  const actions = useMemo<RowActions>(() => {
    const current = () => latest.current;
    return {
      open: (entry) => {
        if (entry.kind === 'folder') current().state.navigate(entry.path);
        else if (entry.file.readable) {
          const { onPreview: preview, canPreview: can } = current();
          (preview && (can?.(entry.file) ?? true) ? preview : current().onDownload)(entry.file);
        }
      },
      toggle: (index, range) => current().state.toggle(index, range),
      download: (entry) => current().download([entry]),
      share: (entry) => entry.kind === 'file' && entry.file.readable && current().onShare?.(entry.file),
      ...(hasPreview ? { preview: (entry: Entry) => entry.kind === 'file' && entry.file.readable && current().onPreview?.(entry.file) } : {}),
      canPreview: (entry) => entry.kind === 'file' && entry.file.readable && (current().canPreview?.(entry.file) ?? true),
      rename: (entry) => setDialog({ kind: 'rename', entry }),
      move: (entry) => setDialog({ kind: 'move', entries: [entry] }),
      remove: (entry) => setDialog({ kind: 'delete', entries: [entry] }),
      cancelDownload: () => {
        onCancelDownload();
        cancelZip();
      },
    };
  }, [hasPreview, onCancelDownload, cancelZip]);

  function onKey(event: KeyboardEvent, index: number) {
    const entry = state.entries[index];
    const onRow = (event.target as HTMLElement).getAttribute('role') === 'row';
    const chosen = state.selection.length > 0 ? state.selection : entry ? [entry] : [];
    if (event.key === 'Enter' && onRow && entry) actions.open(entry);
    else if (event.key === ' ' && onRow) state.toggle(index, event.shiftKey);
    else if (event.key === 'Delete' && chosen.length > 0) setDialog({ kind: 'delete', entries: chosen });
    else if (event.key === 'F2' && entry) setDialog({ kind: 'rename', entry });
    else if (event.key.toLowerCase() === 'a' && (event.ctrlKey || event.metaKey)) state.selectAll(true);
    else if (event.key === 'Escape' && state.selection.length > 0) state.selectAll(false);
    else if ((event.key === 'Backspace' || (event.key === 'ArrowUp' && event.altKey)) && !state.searching && state.folder !== '') {
      state.navigate(state.folder.slice(0, Math.max(0, state.folder.lastIndexOf('/'))));
    } else return;
    event.preventDefault();
  }

  const zipPercent = zip.progress ? Math.floor((100 * zip.progress.released) / Math.max(1, zip.progress.total)) : null;
  const siblings = (entry: Entry) => new Set(entriesIn(state.index, entry.kind === 'file' ? entry.folder : entry.path.slice(0, Math.max(0, entry.path.lastIndexOf('/')))).filter((e) => e !== entry).map((e) => e.name));

  return (
    <div className="fb" ref={root}>
      <div className="fb-bar">
        {state.searching ? <p className="fb-crumbs">Search results in all files</p> : <Breadcrumbs folder={state.folder} onNavigate={state.navigate} />}
        <div className="fb-tools">
          <input type="search" className="fb-search" aria-label="Search files by name" placeholder="Search all files" value={state.query} onChange={(event) => state.changeQuery(event.target.value)} />
          <button type="button" className="quiet" onClick={() => setDialog({ kind: 'new-folder' })} disabled={state.searching}>
            New folder
          </button>
        </div>
      </div>
      {state.selection.length > 0 && (
        <div role="toolbar" aria-label="Selected items" className="fb-selbar">
          <span>{state.selection.length} selected</span>
          <button type="button" onClick={() => download(state.selection)}>Download</button>
          <button type="button" className="quiet" onClick={() => setDialog({ kind: 'move', entries: state.selection })}>Move</button>
          <button type="button" className="danger" onClick={() => setDialog({ kind: 'delete', entries: state.selection })}>Delete</button>
          <button type="button" className="quiet" onClick={() => state.selectAll(false)}>Clear selection</button>
        </div>
      )}
      {zipPercent !== null && (
        <p role="status" className="fb-zip">
          Preparing the zip: {zipPercent}%{' '}
          <button type="button" className="quiet" onClick={zip.cancel}>Cancel download</button>
        </p>
      )}
      {moves.isPending && <p role="status">Moving…</p>}
      <p id="fb-keys" className="visually-hidden">
        Arrow keys move between rows, Space selects, Enter opens, F2 renames, Delete deletes, Backspace goes up a folder.
      </p>
      <div className="fb-meta">
        <p role="status" className="fb-count">
          {state.searching ? `${state.entries.length} ${state.entries.length === 1 ? 'result' : 'results'} for “${state.search}”` : `${state.entries.length} ${state.entries.length === 1 ? 'item' : 'items'}`}
        </p>
        <UsageFigure />
      </div>
      {state.entries.length === 0 ? (
        // The list's keys that need no row (Backspace goes up) work on an empty folder too.
        <div onKeyDown={(event) => onKey(event, 0)}>
          <BrowserEmpty vaultEmpty={state.index.files.length === 0 && state.index.folders.length === 0} search={state.searching ? state.search : null} onClearSearch={() => state.changeQuery('')} />
        </div>
      ) : (
        <FileGrid
          entries={state.entries}
          selected={state.selected}
          active={state.active}
          onActiveChange={state.setActive}
          sort={state.sort}
          onSort={state.sortBy}
          onSelectAll={state.selectAll}
          onKey={onKey}
          downloading={downloading ? { id: downloading.key, percent: downloading.percent } : null}
          showPath={state.searching}
          actions={actions}
        />
      )}
      {dialog?.kind === 'delete' && (
        <DeleteDialog
          what={describe(dialog.entries)}
          onClose={() => setDialog(null)}
          onConfirm={() => {
            // A folder goes with its markers, so that it does not stay behind as an empty folder.
            const gone = [...filesUnder(state.index, dialog.entries), ...markersUnder(state.index, dialog.entries)];
            deletes.remove(gone.map((e) => e.file), describe(dialog.entries));
            state.clearSelection();
          }}
        />
      )}
      {dialog?.kind === 'rename' && (
        <RenameDialog
          name={dialog.entry.name}
          kind={dialog.entry.kind}
          taken={siblings(dialog.entry)}
          onClose={() => setDialog(null)}
          onRename={(name) => runPlan(planRename(state.index, dialog.entry, name), `Renamed “${dialog.entry.name}” to “${name}”`)}
        />
      )}
      {dialog?.kind === 'move' && (
        <MoveDialog
          what={describe(dialog.entries)}
          from={state.searching ? '' : state.folder}
          folders={state.index.folders}
          onClose={() => setDialog(null)}
          onMove={(to) => runPlan(planMove(state.index, dialog.entries, to), `Moved ${describe(dialog.entries)} to ${to === '' ? 'the top level' : `“${baseName(to)}”`}`)}
        />
      )}
      {dialog?.kind === 'new-folder' && (
        <RenameDialog
          name=""
          kind="folder"
          title="New folder"
          submitLabel="Create folder"
          taken={new Set(entriesIn(state.index, state.folder).map((e) => e.name))}
          onClose={() => setDialog(null)}
          onRename={(name) => {
            const path = joinPath(state.folder, name);
            state.makeFolder(path);
            state.navigate(path);
            createFolder.mutate(path, {
              onError: (error) => toaster.show({ tone: 'error', message: `The folder “${name}” could not be made: ${error.message}` }),
              onSettled: () => state.forgetFolder(path),
            });
          }}
        />
      )}
    </div>
  );
}
