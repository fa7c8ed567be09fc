import { memo } from 'react';
import { formatBytes } from '../../../components/ui/format-bytes';
import { MenuButton } from '../../../components/ui/menu-button';
import type { Entry } from '../../../session/files/file-tree';
import { Icon, type IconName } from './icons';

/** What a row can ask for; one stable object for every row, so rows re-render only when their own data changes. */
export interface RowActions {
  open(entry: Entry): void;
  toggle(index: number, range: boolean): void;
  download(entry: Entry): void;
  share?(entry: Entry): void;
  preview?(entry: Entry): void;
  /** Whether the preview can show this file (its type has a viewer): rows offer Preview only then. */
  canPreview(entry: Entry): boolean;
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
  /** Narrow screens: the row's actions are one "Actions" menu, so that the name keeps its room. */
  compact: boolean;
  actions: RowActions;
  /** Offset from the top of the list, in pixels (a number, so that memo() sees unchanged rows as unchanged). */
  top: number;
}

const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** One command of a row; `slot` is its fixed place among the row's icons, so each kind lines up from row to row. */
interface Command {
  slot: IconName;
  label: string;
  run(): void;
}

/** The commands a row offers, in the order both layouts show them. */
function commandsOf(entry: Entry, actions: RowActions, downloading: boolean): Command[] {
  const file = entry.kind === 'file' && entry.file.readable;
  const readable = entry.kind === 'folder' || file;
  const commands: Command[] = [];
  if (readable && downloading) commands.push({ slot: 'cancel', label: 'Cancel download', run: actions.cancelDownload });
  else if (readable) commands.push({ slot: 'download', label: 'Download', run: () => actions.download(entry) });
  // While its download runs, a row offers only to cancel it (or to delete the file): its progress takes their place.
  if (file && !downloading && actions.preview && actions.canPreview(entry)) commands.push({ slot: 'preview', label: 'Preview', run: () => actions.preview?.(entry) });
  if (file && !downloading && actions.share) commands.push({ slot: 'share', label: 'Share', run: () => actions.share?.(entry) });
  if (readable && !downloading) {
    commands.push({ slot: 'rename', label: 'Rename', run: () => actions.rename(entry) });
    commands.push({ slot: 'move', label: 'Move', run: () => actions.move(entry) });
  }
  commands.push({ slot: 'delete', label: 'Delete', run: () => actions.remove(entry) });
  return commands;
}

function Action({ command, name, tabIndex }: { command: Command; name: string; tabIndex: number }) {
  return (
    <button type="button" className={`fb-action fb-slot-${command.slot}`} title={command.label} tabIndex={tabIndex} onClick={command.run}>
      <Icon name={command.slot} />
      <span className="visually-hidden">
        {command.label} {name}
      </span>
    </button>
  );
}

/** The actions cell: each command an icon in its slot (wide screens), or one "Actions" menu (narrow ones). */
function RowCommands({ entry, downloading, compact, actions, tabIndex }: Pick<FileRowProps, 'entry' | 'downloading' | 'compact' | 'actions'> & { tabIndex: number }) {
  const commands = commandsOf(entry, actions, downloading !== null);
  const problem = entry.kind === 'file' && !entry.file.readable ? entry.file.problem : null;
  if (compact) {
    return (
      <div role="gridcell" className="fb-actions">
        <MenuButton label={`Actions for ${entry.path}`} className="fb-action" tabIndex={tabIndex} items={commands.map((c) => ({ label: c.label, onSelect: c.run, danger: c.slot === 'delete' }))}>
          <Icon name="more" />
        </MenuButton>
      </div>
    );
  }
  return (
    <div role="gridcell" className="fb-actions">
      {problem !== null && (
        <small className="error fb-problem" title={problem}>
          {problem}
        </small>
      )}
      {downloading !== null && (
        <span className="fb-progress" role="status">
          Downloading {downloading}%
        </span>
      )}
      {commands.map((command) => (
        <Action key={command.label} command={command} name={entry.path} tabIndex={tabIndex} />
      ))}
    </div>
  );
}

/** The size cell: the size; on a narrow screen, a download's progress or why a file is unreadable, under the name. */
function SizeCell({ entry, downloading, compact }: Pick<FileRowProps, 'entry' | 'downloading' | 'compact'>) {
  const problem = entry.kind === 'file' && !entry.file.readable ? entry.file.problem : null;
  let content;
  if (compact && downloading !== null) content = <span role="status">Downloading {downloading}%</span>;
  else if (compact && problem !== null) content = <span className="error fb-problem" title={problem}>{problem}</span>;
  else if (entry.kind === 'folder') content = `${entry.files} ${entry.files === 1 ? 'file' : 'files'}`;
  else content = formatBytes(entry.size);
  return (
    <div role="gridcell" className="fb-size">
      {content}
    </div>
  );
}

/** One row of the file list: a folder or a file, with selection and actions. */
export const FileRow = memo(function FileRow({ entry, index, selected, active, downloading, showPath, compact, actions, top }: FileRowProps) {
  const tab = active ? 0 : -1;
  const isFolder = entry.kind === 'folder';
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
          <span className="fb-label" title={entry.path}>
            {folderPart && <span className="fb-folder-part">{folderPart}</span>}
            {entry.name}
          </span>
        )}
      </div>
      <SizeCell entry={entry} downloading={downloading} compact={compact} />
      <div role="gridcell" className="fb-date">
        {entry.modified > 0 ? DATE.format(entry.modified) : ''}
      </div>
      <RowCommands entry={entry} downloading={downloading} compact={compact} actions={actions} tabIndex={tab} />
    </div>
  );
});
