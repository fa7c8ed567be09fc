import { memo } from 'react';
import { formatBytes } from '../../../components/ui/format-bytes';
import { formatDuration } from '../../../components/ui/format-duration';
import type { UploadItem } from '../upload-queue';

/** What a row's buttons do. */
export interface UploadRowActions {
  pause(id: string): void;
  resume(id: string): void;
  cancel(id: string): void;
}

const STATUS_TEXT: Record<UploadItem['status'], string> = {
  queued: 'Waiting',
  uploading: 'Encrypting and uploading',
  paused: 'Paused',
  done: 'Stored',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

const PHASE_TEXT: Record<UploadItem['phase'], string> = {
  checking: 'Checking the file…',
  sending: STATUS_TEXT.uploading,
  finishing: 'Finishing',
  replacing: 'Replacing the old file',
};

/** The status of an upload in words. */
function statusText(item: UploadItem): string {
  return item.status === 'uploading' ? PHASE_TEXT[item.phase] : STATUS_TEXT[item.status];
}

function detail(item: UploadItem): string {
  const bytes = `${formatBytes(item.sent)} of ${formatBytes(item.size)}`;
  if (item.status !== 'uploading') return bytes;
  // What S3 holds is known only once the check has listed it: before, the bytes an earlier session stored go unsaid.
  if (item.phase === 'checking') return `${item.sent > 0 ? `${bytes} stored · ` : ''}reading the file again to check that it is what was stored before`;
  // Every byte is stored but the upload is not done: the storage is joining the parts into one file (S3's
  // CompleteMultipartUpload), which takes a while for a large file - several seconds per GiB on the embedded S3.
  if (item.phase === 'finishing') return `${bytes} · every part is stored; putting them together into one file`;
  if (item.phase === 'replacing') return `${bytes} · stored; removing the file it replaces`;
  if (item.bytesPerSecond <= 0) return bytes;
  const left = (item.size - item.sent) / item.bytesPerSecond;
  return `${bytes} · ${formatBytes(item.bytesPerSecond)}/s · ${formatDuration(left)} left`;
}

interface UploadRowProps {
  item: UploadItem;
  actions: UploadRowActions;
  index: number;
  count: number;
  top: number;
  measure(element: HTMLElement | null): void;
}

/** One file of the upload panel: name, status, progress, and what can be done with it. */
export const UploadRow = memo(function UploadRow({ item, actions, index, count, top, measure }: UploadRowProps) {
  const moving = item.status === 'uploading' && item.phase !== 'replacing';
  return (
    <li
      ref={measure}
      data-index={index}
      aria-label={`Upload of ${item.name}`}
      aria-setsize={count}
      aria-posinset={index + 1}
      className="upload-row"
      style={{ transform: `translateY(${top}px)` }}
    >
      <div className="transfer-name">
        <strong>{item.name}</strong> <span className="hint">{statusText(item)}</span>
      </div>
      <progress max={item.size || 1} value={item.status === 'done' ? item.size || 1 : item.sent} aria-label={`Progress of ${item.name}`} />
      <div className="hint">{detail(item)}</div>
      {item.error && (
        <p role="alert" className="error">
          {item.error}
        </p>
      )}
      <div className="actions">
        {(moving || item.status === 'queued') && (
          <button type="button" className="quiet" onClick={() => actions.pause(item.id)}>
            Pause <span className="visually-hidden">{item.name}</span>
          </button>
        )}
        {item.status === 'paused' && (
          <button type="button" className="quiet" onClick={() => actions.resume(item.id)}>
            Resume <span className="visually-hidden">{item.name}</span>
          </button>
        )}
        {item.status === 'failed' && (
          <button type="button" onClick={() => actions.resume(item.id)}>
            Retry <span className="visually-hidden">{item.name}</span>
          </button>
        )}
        {(moving || item.status === 'queued' || item.status === 'paused' || item.status === 'failed') && (
          <button type="button" className="danger" onClick={() => actions.cancel(item.id)}>
            Cancel <span className="visually-hidden">{item.name}</span>
          </button>
        )}
      </div>
    </li>
  );
});
