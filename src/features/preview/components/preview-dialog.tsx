import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import { usePreview, type PreviewFile } from '../api/use-preview';
import { PreviewViewer } from './preview-viewer';
import '../preview.css';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select, textarea, iframe, audio[controls], video[controls], [tabindex]:not([tabindex="-1"])';

/**
 * A modal preview of one decrypted file, with a Download button. Opens as a modal dialog (the page behind is inert),
 * closes with Escape or the Close button, keeps Tab inside itself and gives focus back to what opened it.
 */
export function PreviewDialog({ file, onDownload, onClose }: { file: PreviewFile; onDownload(): void; onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const state = usePreview(file);
  const name = file.metadata.name.split('/').pop() || file.metadata.name;

  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      opener?.focus();
    };
  }, []);

  /** Tab from the last control goes to the first, Shift+Tab from the first to the last. */
  function trapTab(event: KeyboardEvent<HTMLDialogElement>) {
    if (event.key !== 'Tab' || !ref.current) return;
    const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((e) => e.offsetParent !== null || e === document.activeElement);
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

  return (
    <dialog
      ref={ref}
      className="preview-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onKeyDown={trapTab}
    >
      <header className="preview-header">
        <h2 id={titleId} className="preview-title">
          {name}
        </h2>
        <div className="preview-actions">
          <button type="button" onClick={onDownload}>
            Download
          </button>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </header>
      <div className="preview-body">
        {state.status === 'loading' && <p role="status">Decrypting {name}…</p>}
        {state.status === 'error' && (
          <p role="alert" className="error">
            {state.message}
          </p>
        )}
        {state.status === 'ready' && <PreviewViewer content={state.content} name={name} />}
      </div>
    </dialog>
  );
}
