import { useId, useState } from 'react';
import { segments } from '../../../session/files/file-tree';
import { Modal } from './modal';

/** Why a name cannot be a file or folder name, or null when it can. */
export function nameProblem(name: string, taken: ReadonlySet<string>): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'Enter a name.';
  if (trimmed.includes('/')) return 'A name cannot contain “/”. Use Move to put it in another folder.';
  if (trimmed === '.' || trimmed === '..') return 'Choose another name.';
  if (taken.has(trimmed)) return `“${trimmed}” already exists in this folder.`;
  return null;
}

interface RenameDialogProps {
  /** The current name (last segment only). */
  name: string;
  /** Names already used by other entries in the same folder. */
  taken: ReadonlySet<string>;
  kind: 'file' | 'folder';
  /** Heading and button, when not a rename (e.g. a new folder). */
  title?: string;
  submitLabel?: string;
  onRename(name: string): void;
  onClose(): void;
}

/**
 * Asks for a name: a rename (the extension is left out of the initial selection, so typing keeps it), or a new
 * folder's name.
 */
export function RenameDialog({ name, taken, kind, title, submitLabel = 'Rename', onRename, onClose }: RenameDialogProps) {
  const [value, setValue] = useState(name);
  const [touched, setTouched] = useState(false);
  const errorId = useId();
  const problem = name !== '' && value.trim() === name ? null : nameProblem(value, taken);
  return (
    <Modal title={title ?? `Rename ${name}`} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setTouched(true);
          if (problem !== null) return;
          if (value.trim() !== name) onRename(value.trim());
          onClose();
        }}
      >
        <label>
          {name === '' ? 'Name' : 'New name'}
          <input
            autoFocus
            value={value}
            aria-invalid={touched && problem !== null}
            aria-describedby={errorId}
            onChange={(event) => setValue(event.target.value)}
            onFocus={(event) => {
              const dot = kind === 'file' ? name.lastIndexOf('.') : -1;
              event.target.setSelectionRange(0, dot > 0 ? dot : name.length);
            }}
          />
        </label>
        <p id={errorId} className="error" role={touched && problem ? 'alert' : undefined}>
          {touched ? problem : null}
        </p>
        <div className="files-modal-actions">
          <button type="button" className="quiet" onClick={onClose}>
            Cancel
          </button>
          <button type="submit">{submitLabel}</button>
        </div>
      </form>
    </Modal>
  );
}

interface MoveDialogProps {
  /** What is moved, in words. */
  what: string;
  /** Where it is now. */
  from: string;
  /** Every folder of the vault, for suggestions. */
  folders: readonly string[];
  onMove(folder: string): void;
  onClose(): void;
}

/** Asks for a destination folder: an existing one (suggested as you type) or a new one; empty means the top level. */
export function MoveDialog({ what, from, folders, onMove, onClose }: MoveDialogProps) {
  const [value, setValue] = useState(from);
  const listId = useId();
  const hintId = useId();
  const target = segments(value).join('/');
  return (
    <Modal title={`Move ${what}`} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (target !== from) onMove(target);
          onClose();
        }}
      >
        <label>
          Move to folder
          <input autoFocus value={value} list={listId} aria-describedby={hintId} onChange={(event) => setValue(event.target.value)} />
        </label>
        <datalist id={listId}>
          {folders.map((folder) => (
            <option key={folder} value={folder} />
          ))}
        </datalist>
        <p id={hintId} className="hint">
          Folders are separated by “/”. Leave it empty for the top level; a folder that does not exist yet is made.
        </p>
        <div className="files-modal-actions">
          <button type="button" className="quiet" onClick={onClose}>
            Cancel
          </button>
          <button type="submit">{target === '' ? 'Move to the top level' : `Move to ${target}`}</button>
        </div>
      </form>
    </Modal>
  );
}
