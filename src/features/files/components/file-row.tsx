import { memo } from 'react';
import { formatBytes } from '../../../components/ui/format-bytes';
import type { Entry } from '../file-tree';
import { Icon, type IconName } from './icons';

/** What a row can ask for; one stable object for every row, so rows re-render only when their own data changes. */
export interface RowActions {
  open(entry: Entry): void;
  toggle(index: number, range: boolean): void;
  download(entry: Entry): void;
  share?(entry: Entry): void;
  preview?(entry: Entry): void;
  rename(entry: Entry): void;
  move(entry: Entry): void;
  remove(entry: Entry): void;
  cancelDownload(): void;
}

interface FileRowProps {
  entry: Entry;
  index: number;
  selected: boolean;
  /** The row that holds the list's one tab stop. */
  active: boolean;
  /** Percent of this entry's download, or null when none runs. */
  downloading: number | null;
  /** Search results show where each file is. */
  showPath: boolean;
  actions: RowActions;
  /** Offset from the top of the list, in pixels (a number, so that memo() sees unchanged rows as unchanged). */
  top: number;
}

const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function Action({ icon, label, name, onClick, tabIndex, className }: { icon: IconName; label: string; name: string; onClick(): void; tabIndex: number; className?: string }) {
  return (
    <button type="button" className={`fb-action ${className ?? ''}`} title={label} tabIndex={tabIndex} onClick={onClick}>
      <Icon name={icon} />
      <span className="visually-hidden">
        {label} {name}
      </span>
    </button>
  );
}

/** One row of the file list: a folder or a file, with selection and actions. */
export const FileRow = memo(function FileRow({ entry, index, selected, active, downloading, showPath, actions, top }: FileRowProps) {
  const tab = active ? 0 : -1;
  const isFolder = entry.kind === 'folder';
  const readable = isFolder || entry.file.readable;
  const folderPart = showPath && entry.kind === 'file' && entry.folder !== '' ? `${entry.folder}/` : '';
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      tabIndex={tab}
      data-index={index}
      className={`fb-row${selected ? ' selected' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      onDoubleClick={() => actions.open(entry)}
    >
      <div role="gridcell" className="fb-check">
        <input
          type="checkbox"
          tabIndex={tab}
          checked={selected}
          aria-label={`Select ${entry.path}`}
          onChange={(event) => {
            const native = event.nativeEvent;
            actions.toggle(index, native instanceof MouseEvent && native.shiftKey);
          }}
        />
      </div>
      <div role="rowheader" className="fb-name">
        <Icon name={isFolder ? 'folder' : 'file'} />
        {isFolder ? (
          <button type="button" className="fb-link" tabIndex={tab} onClick={() => actions.open(entry)}>
            {entry.name}
          </button>
        ) : (
          <span className="fb-label">
            {folderPart && <span className="fb-folder-part">{folderPart}</span>}
            {entry.name}
          </span>
        )}
      </div>
      <div role="gridcell" className="fb-size">
        {isFolder ? `${entry.files} ${entry.files === 1 ? 'file' : 'files'}` : formatBytes(entry.size)}
      </div>
      <div role="gridcell" className="fb-date">
        {entry.modified > 0 ? DATE.format(entry.modified) : ''}
      </div>
      <div role="gridcell" className="fb-actions">
        {!readable && entry.kind === 'file' && !entry.file.readable && <small className="error fb-problem">{entry.file.problem}</small>}
        {downloading !== null ? (
          <>
            <span className="fb-progress" role="status">
              Downloading {downloading}%
            </span>
            <button type="button" className="quiet fb-cancel" tabIndex={tab} onClick={actions.cancelDownload}>
              Cancel download <span className="visually-hidden">{entry.path}</span>
            </button>
          </>
        ) : (
          readable && <Action icon="download" label="Download" name={entry.path} tabIndex={tab} onClick={() => actions.download(entry)} />
        )}
        {!isFolder && readable && actions.preview && (
          <Action icon="preview" label="Preview" name={entry.path} tabIndex={tab} onClick={() => actions.preview?.(entry)} />
        )}
        {!isFolder && readable && actions.share && (
          <Action icon="share" label="Share" name={entry.path} tabIndex={tab} onClick={() => actions.share?.(entry)} />
        )}
        {readable && <Action icon="rename" label="Rename" name={entry.path} tabIndex={tab} onClick={() => actions.rename(entry)} />}
        {readable && <Action icon="move" label="Move" name={entry.path} tabIndex={tab} onClick={() => actions.move(entry)} />}
        <Action icon="delete" label="Delete" name={entry.path} tabIndex={tab} className="danger" onClick={() => actions.remove(entry)} />
      </div>
    </div>
  );
});
