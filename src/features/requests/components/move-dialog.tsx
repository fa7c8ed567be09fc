import { useId, useState } from 'react';
import { ModalDialog } from '../../../components/ui/modal-dialog';

/** The top level of the vault, as the folder choice shows it. */
const TOP = '';

interface MoveIntoVaultDialogProps {
  /** The received file's name. */
  name: string;
  /** The vault's folders (undefined while they are listed). */
  folders: readonly string[] | undefined;
  /** Why the folders could not be listed, if they could not. */
  problem?: string;
  onMove(folder: string): void;
  onClose(): void;
}

/** Asks which vault folder a received file goes to: the top level or one of the vault's folders. */
export function MoveIntoVaultDialog({ name, folders, problem, onMove, onClose }: MoveIntoVaultDialogProps) {
  const titleId = useId();
  const [folder, setFolder] = useState(TOP);
  return (
    <ModalDialog className="request-modal" aria-labelledby={titleId} onClose={onClose} closeOnBackdrop>
      <div className="request-modal-body">
        <h3 id={titleId}>Move {name} into the vault</h3>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            onMove(folder);
            onClose();
          }}
        >
          <label>
            Folder
            <select autoFocus value={folder} disabled={folders === undefined} onChange={(event) => setFolder(event.target.value)}>
              <option value={TOP}>All files (the top level)</option>
              {folders?.map((path) => (
                <option key={path} value={path}>
                  {path}
                </option>
              ))}
            </select>
          </label>
          {folders === undefined && !problem && <p role="status">Listing your folders…</p>}
          {problem && (
            <p role="alert" className="error">
              Could not list your folders: {problem}. It can still go to the top level.
            </p>
          )}
          <p className="hint">Its contents are copied still encrypted. A name already in that folder gets a number, as “name (2)”.</p>
          <div className="request-modal-actions">
            <button type="button" className="quiet" onClick={onClose}>
              Cancel
            </button>
            <button type="submit">{folder === TOP ? 'Move to All files' : `Move to ${folder}`}</button>
          </div>
        </form>
      </div>
    </ModalDialog>
  );
}
