import { Modal } from './modal';

interface DeleteDialogProps {
  /** What is to be deleted, in words: “holiday.jpg”, “3 files”, “the folder Album (12 files)”. */
  what: string;
  onConfirm(): void;
  onClose(): void;
}

/** Asks before deleting; says that Undo is possible for a few seconds. */
export function DeleteDialog({ what, onConfirm, onClose }: DeleteDialogProps) {
  return (
    <Modal title={`Delete ${what}?`} onClose={onClose}>
      <p>The encrypted data leaves your vault. You can undo this for a few seconds afterwards.</p>
      <div className="files-modal-actions">
        <button type="button" className="quiet" onClick={onClose}>
          Cancel
        </button>
        {/* Deleting is the purpose of this dialog, so it takes the focus (Enter confirms; Escape cancels). */}
        <button
          type="button"
          className="danger-solid"
          autoFocus
          onClick={() => {
            onConfirm();
            onClose();
          }}
        >
          Delete
        </button>
      </div>
    </Modal>
  );
}
