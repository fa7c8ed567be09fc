import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';

/** What can take focus inside a dialog; hidden ones are filtered out when Tab wraps. */
const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), iframe, audio[controls], video[controls], [tabindex]:not([tabindex="-1"])';

interface ModalDialogProps {
  /** Called on Escape and, with `closeOnBackdrop`, on a click on the backdrop. The caller unmounts the dialog. */
  onClose(): void;
  /** Close on a click on the dialog element itself: only right when the content fills it, so that is the backdrop. */
  closeOnBackdrop?: boolean;
  className?: string;
  /** Names the dialog by its heading; give this or `aria-label`. */
  'aria-labelledby'?: string;
  /** Names the dialog when it has no heading that says it all. */
  'aria-label'?: string;
  children: ReactNode;
}

/** Tab from the last control goes to the first, Shift+Tab from the first to the last, so focus never leaves the dialog. */
function wrapTab(event: KeyboardEvent<HTMLDialogElement>) {
  if (event.key !== 'Tab') return;
  const dialog = event.currentTarget;
  const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((e) => e.offsetParent !== null || e === document.activeElement);
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return;
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}

/**
 * A modal dialog on the native <dialog> opened with showModal(): the page behind is inert, focus moves in on mount
 * and Tab keeps it inside, Escape calls `onClose`, and focus goes back to the element that had it when the dialog
 * unmounts. Mount it to open it; unmount it to close it.
 */
export function ModalDialog({ onClose, closeOnBackdrop = false, className, children, ...label }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
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
      className={className}
      {...label}
      onCancel={(event) => {
        // Escape: the caller decides (it unmounts the dialog), so the browser must not close it behind React's back.
        event.preventDefault();
        onClose();
      }}
      onKeyDown={wrapTab}
      onClick={(event) => {
        if (closeOnBackdrop && event.target === ref.current) onClose();
      }}
    >
      {children}
    </dialog>
  );
}
