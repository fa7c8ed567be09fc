import { useId, type ReactNode } from 'react';
import { ModalDialog } from '../../../components/ui/modal-dialog';
import './file-browser.css';

interface ModalProps {
  title: string;
  /** Called on Escape, on the Cancel button and after the backdrop is clicked. */
  onClose(): void;
  children: ReactNode;
}

/** The file browser's small modal dialogs (new folder, rename, move, delete): a heading that labels it, then the form. */
export function Modal({ title, onClose, children }: ModalProps) {
  const titleId = useId();
  return (
    <ModalDialog className="files-modal" aria-labelledby={titleId} onClose={onClose} closeOnBackdrop>
      {/* The body fills the dialog, so a click on the dialog element itself is a click on the backdrop. */}
      <div className="files-modal-body">
        <h3 id={titleId}>{title}</h3>
        {children}
      </div>
    </ModalDialog>
  );
}
