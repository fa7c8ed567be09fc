import { formatBytes } from '../../../components/ui/format-bytes';
import type { PendingUpload } from '../../../transfer/upload/resume-store';

interface PendingUploadsProps {
  uploads: PendingUpload[];
  /** Names of files now in the upload queue (not offered again). */
  active: Set<string>;
  onDiscard(id: string): void;
}

/** Unfinished uploads from an earlier visit: choosing the same file again resumes; or discard them. */
export function PendingUploads({ uploads, active, onDiscard }: PendingUploadsProps) {
  const shown = uploads.filter((u) => !active.has(u.name));
  if (shown.length === 0) return null;
  return (
    <section className="transfers" aria-label="Unfinished uploads">
      <p className="hint">Unfinished uploads: choose the same file again to resume where it stopped.</p>
      <ul>
        {shown.map((upload) => (
          <li key={upload.id}>
            <div className="transfer-name">
              <strong>{upload.name}</strong>{' '}
              <span className="hint">
                {formatBytes(upload.size)}, started {new Date(upload.started).toLocaleString()}
              </span>
            </div>
            <div className="actions">
              <button type="button" className="danger" onClick={() => onDiscard(upload.id)}>
                Discard <span className="visually-hidden">{upload.name}</span>
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
