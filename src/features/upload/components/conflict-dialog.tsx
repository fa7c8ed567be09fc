import { useId, useState } from 'react';
import { ModalDialog } from '../../../components/ui/modal-dialog';
import { baseName, parentOf } from '../../../session/files/file-tree';
import type { ConflictChoice, NameConflict } from '../name-conflicts';
import './upload-list.css';

interface ConflictDialogProps {
  conflict: NameConflict;
  /** Conflicts still to settle, this one included. */
  remaining: number;
  /** The name Keep both would give this file. */
  keepBothName: string;
  onChoose(choice: ConflictChoice, applyToAll: boolean): void;
  /** Escape: the files still in question are skipped (the rest of the upload goes on). */
  onSkipRest(): void;
}

function where(path: string): string {
  const folder = parentOf(path);
  return folder === '' ? 'at the top level' : `in “${folder}”`;
}

/**
 * Asks what to do with a file whose name is taken in its folder: Keep both (first, and focused: it loses nothing),
 * Replace (the old file is removed once the new one is stored), or Skip; for a batch, "Apply to all" settles every
 * conflict left at once. A modal dialog labelled by its question; Escape skips the files still in question.
 */
export function ConflictDialog({ conflict, remaining, keepBothName, onChoose, onSkipRest }: ConflictDialogProps) {
  const [applyToAll, setApplyToAll] = useState(false);
  const ids = { title: useId(), text: useId(), keep: useId(), replace: useId(), skip: useId() };
  const name = baseName(conflict.name);
  const all = applyToAll && remaining > 1;
  const taken =
    conflict.keys.length > 0
      ? `A file named “${name}” is already ${where(conflict.name)}.`
      : `Another file named “${name}” is in your uploads ${where(conflict.name)}, not stored yet.`;
  return (
    <ModalDialog className="upload-conflict" aria-labelledby={ids.title} aria-describedby={ids.text} onClose={onSkipRest}>
      <h3 id={ids.title}>“{name}” already exists</h3>
      <p id={ids.text}>
        {taken}
        {remaining > 1 && ` ${remaining} files of this upload have names that are taken.`}
      </p>
      <div className="upload-conflict-choices">
        <button type="button" aria-describedby={ids.keep} onClick={() => onChoose('keep-both', all)}>
          Keep both
        </button>
        <p id={ids.keep} className="hint">
          {all ? `Each new file gets the first free name: this one “${baseName(keepBothName)}”.` : `The new file is stored as “${baseName(keepBothName)}”.`}
        </p>
        <button type="button" className="quiet" aria-describedby={ids.replace} onClick={() => onChoose('replace', all)}>
          Replace
        </button>
        <p id={ids.replace} className="hint">
          {all
            ? 'Each file in the way is removed once the new one is stored, not before.'
            : conflict.keys.length > 0
              ? 'The file in your vault is removed once the new one is stored, not before.'
              : 'The other upload is cancelled.'}
        </p>
        <button type="button" className="quiet" aria-describedby={ids.skip} onClick={() => onChoose('skip', all)}>
          Skip
        </button>
        <p id={ids.skip} className="hint">
          {all ? 'None of these files is uploaded.' : 'This file is not uploaded.'}
        </p>
      </div>
      {remaining > 1 && (
        <label className="upload-conflict-all">
          <input type="checkbox" checked={applyToAll} onChange={(event) => setApplyToAll(event.target.checked)} />
          Apply to all {remaining} conflicts
        </label>
      )}
    </ModalDialog>
  );
}
