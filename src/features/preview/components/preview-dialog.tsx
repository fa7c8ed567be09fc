import { useId } from 'react';
import { ModalDialog } from '../../../components/ui/modal-dialog';
import { usePreview, type PreviewFile } from '../api/use-preview';
import { PreviewViewer } from './preview-viewer';
import '../preview.css';

/**
 * A modal preview of one decrypted file, with a Download button. Opens as a modal dialog (the page behind is inert),
 * closes with Escape or the Close button, keeps Tab inside itself and gives focus back to what opened it.
 */
export function PreviewDialog({ file, onDownload, onClose }: { file: PreviewFile; onDownload(): void; onClose(): void }) {
  const titleId = useId();
  const state = usePreview(file);
  const name = file.metadata.name.split('/').pop() || file.metadata.name;

  return (
    <ModalDialog className="preview-dialog" aria-labelledby={titleId} onClose={onClose}>
      <header className="preview-header">
        <h2 id={titleId} className="preview-title">
          {name}
        </h2>
        <div className="preview-actions">
          <button type="button" onClick={onDownload}>
            Download
          </button>
          <button type="button" className="quiet" onClick={onClose}>
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
    </ModalDialog>
  );
}
