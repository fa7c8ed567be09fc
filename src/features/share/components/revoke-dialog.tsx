import { useId } from 'react';
import { ModalDialog } from '../../../components/ui/modal-dialog';

interface RevokeDialogProps {
  /** The shared file's name, as the list shows it. */
  name: string;
  onConfirm(): void;
  onClose(): void;
}

/**
 * Asks before revoking, as the file list asks before deleting. No Undo: a revocation bites at once (the public routes
 * answer 410 from that moment), and an Undo would either leave the link working for its seconds (the very time its
 * owner wants it stopped) or let the access token re-open a link, which the token alone can never do otherwise.
 */
export function RevokeDialog({ name, onConfirm, onClose }: RevokeDialogProps) {
  const titleId = useId();
  const textId = useId();
  return (
    <ModalDialog className="share-dialog" aria-labelledby={titleId} aria-describedby={textId} onClose={onClose}>
      <h3 id={titleId}>Revoke the link to {name}?</h3>
      <p id={textId}>
        Whoever has the link can no longer download the file, from now on. This cannot be undone: to share the file again,
        make a new link.
      </p>
      <div className="actions">
        <button type="button" className="quiet" onClick={onClose}>
          Cancel
        </button>
        {/* Revoking is the purpose of this dialog, so it takes the focus (Enter confirms; Escape cancels). */}
        <button
          type="button"
          className="danger"
          autoFocus
          onClick={() => {
            onConfirm();
            onClose();
          }}
        >
          Revoke link
        </button>
      </div>
    </ModalDialog>
  );
}
