import { formatBytes } from '../../../components/ui/format-bytes';
import { formatDuration } from '../../../components/ui/format-duration';
import type { UploadItem } from '../upload-queue';

interface UploadListProps {
  items: UploadItem[];
  totals: { confirmed: number; total: number; bytesPerSecond: number };
  onPause(id: string): void;
  onResume(id: string): void;
  onCancel(id: string): void;
  onClear(): void;
}

const STATUS_TEXT: Record<UploadItem['status'], string> = {
  queued: 'Waiting',
  uploading: 'Encrypting and uploading',
  paused: 'Paused',
  done: 'Stored',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/**
 * Every byte is stored but the upload is not done: the storage is joining the parts into one file (S3's
 * CompleteMultipartUpload), which takes a while for a large file - several seconds per GiB on the embedded S3.
 */
function finishing(item: UploadItem): boolean {
  return item.status === 'uploading' && item.total > 0 && item.confirmed >= item.total;
}

function statusText(item: UploadItem): string {
  return finishing(item) ? 'Finishing' : STATUS_TEXT[item.status];
}

function detail(item: UploadItem): string {
  const bytes = `${formatBytes(item.confirmed)} of ${formatBytes(item.total)}`;
  if (finishing(item)) return `${bytes} · every part is stored; the storage is joining them into one file`;
  if (item.status !== 'uploading' || item.bytesPerSecond <= 0) return bytes;
  const left = (item.total - item.confirmed) / item.bytesPerSecond;
  return `${bytes} · ${formatBytes(item.bytesPerSecond)}/s · ${formatDuration(left)} left`;
}

/** Progress of uploads: per file and in total, with pause, resume and cancel. */
export function UploadList({ items, totals, onPause, onResume, onCancel, onClear }: UploadListProps) {
  if (items.length === 0) return null;
  const active = items.some((i) => i.status === 'uploading' || i.status === 'queued');
  return (
    <section className="transfers" aria-label="Uploads">
      <div className="transfers-head">
        <progress
          max={totals.total || 1}
          value={totals.confirmed}
          aria-label="All uploads"
          aria-valuetext={`${formatBytes(totals.confirmed)} of ${formatBytes(totals.total)}`}
        />
        <span>
          {formatBytes(totals.confirmed)} of {formatBytes(totals.total)}
          {active && totals.bytesPerSecond > 0 && ` · ${formatBytes(totals.bytesPerSecond)}/s`}
        </span>
        {!active && (
          <button type="button" className="quiet" onClick={onClear}>
            Clear
          </button>
        )}
      </div>
      <ul>
        {items.map((item) => (
          <li key={item.id} aria-label={`Upload of ${item.name}`}>
            <div className="transfer-name">
              <strong>{item.name}</strong> <span className="hint">{statusText(item)}</span>
            </div>
            <progress max={item.total || 1} value={item.confirmed} aria-label={`Progress of ${item.name}`} />
            <div className="hint">{detail(item)}</div>
            {item.error && (
              <p role="alert" className="error">
                {item.error}
              </p>
            )}
            <div className="actions">
              {(item.status === 'uploading' || item.status === 'queued') && (
                <button type="button" className="quiet" onClick={() => onPause(item.id)}>
                  Pause <span className="visually-hidden">{item.name}</span>
                </button>
              )}
              {(item.status === 'paused' || item.status === 'failed') && (
                <button type="button" className="quiet" onClick={() => onResume(item.id)}>
                  Resume <span className="visually-hidden">{item.name}</span>
                </button>
              )}
              {item.status !== 'done' && item.status !== 'cancelled' && (
                <button type="button" className="danger" onClick={() => onCancel(item.id)}>
                  Cancel <span className="visually-hidden">{item.name}</span>
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
