import { useEffect, useId, useRef, type ReactNode } from 'react';
import './file-browser.css';

interface ModalProps {
  title: string;
  /** Called on Escape, on the Cancel button and after the backdrop is clicked. */
  onClose(): void;
  children: ReactNode;
}

/**
 * A modal dialog on the native <dialog>: focus moves into it and is kept there, Escape closes it, and focus returns
 * to where it was when it closes. Labelled by its heading.
 */
export function Modal({ title, onClose, children }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="files-modal"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        if (event.target === ref.current) onClose();
      }}
    >
      {/* The body fills the dialog, so a click on the dialog element itself is a click on the backdrop. */}
      <div className="files-modal-body">
        <h3 id={titleId}>{title}</h3>
        {children}
      </div>
    </dialog>
  );
}
