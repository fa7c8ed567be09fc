import { useState } from 'react';
import { formatBytes } from '../../../components/ui/format-bytes';
import { formatDuration } from '../../../components/ui/format-duration';
import type { GuestUploadItem } from '../api/guest-upload';
import { filesWord } from './guest-selection';

const STATUS: Record<GuestUploadItem['status'], string> = {
  waiting: 'Waiting',
  uploading: 'Encrypting and sending…',
  sent: 'Sent',
  refused: 'Refused',
  cancelled: 'Cancelled',
};

function detail(item: GuestUploadItem): string {
  const bytes = `${formatBytes(item.confirmed)} of ${formatBytes(item.total)}`;
  if (item.status !== 'uploading' || item.bytesPerSecond <= 0) return bytes;
  const left = (item.total - item.confirmed) / item.bytesPerSecond;
  return `${bytes} · ${formatBytes(item.bytesPerSecond)}/s · ${formatDuration(left)} left`;
}

/** Once every file is over: what was sent, when, and each file's receipt code, which the owner sees beside it. */
export function Receipt({ items }: { items: GuestUploadItem[] }) {
  const sent = items.filter((i) => i.status === 'sent');
  const [at] = useState(() => new Date().toLocaleString());
  return (
    <section aria-label="Receipt" className="guest-receipt">
      <h3>Receipt</h3>
      <p>
        {sent.length} of {filesWord(items.length)} sent, {at}. Keep these codes: the owner sees each file under its code.
      </p>
      <ul className="guest-list">
        {sent.map((item) => (
          <li key={item.id}>
            <span className="guest-name">{item.name}</span>
            <span className="guest-size">{formatBytes(item.size)}</span>
            <code aria-label={`Receipt code of ${item.name}`}>{item.receipt}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The files being sent and sent: overall progress, and each file's state, progress and Cancel. */
export function GuestUploadList({ items, onCancel }: { items: GuestUploadItem[]; onCancel(id: number): void }) {
  const counted = items.filter((i) => i.status !== 'cancelled');
  const total = counted.reduce((sum, i) => sum + i.total, 0);
  const done = counted.reduce((sum, i) => sum + (i.status === 'refused' ? i.total : i.confirmed), 0);
  return (
    <section className="guest-uploads" aria-label="Sending">
      <progress aria-label="Upload progress" max={total || 1} value={done} />
      <ul className="guest-list" aria-label="Your uploads">
        {items.map((item) => (
          <li key={item.id} aria-label={item.name}>
            <span className="guest-name">{item.name}</span>
            <span className="guest-size">{formatBytes(item.size)}</span>
            <span className="guest-status">{STATUS[item.status]}</span>
            <span className="guest-actions">
              {(item.status === 'uploading' || item.status === 'waiting') && (
                <button type="button" className="quiet" onClick={() => onCancel(item.id)}>
                  Cancel <span className="visually-hidden">{item.name}</span>
                </button>
              )}
            </span>
            {item.status === 'uploading' && (
              <span className="guest-progress">
                <progress max={item.total || 1} value={item.confirmed} aria-label={`Progress of ${item.name}`} />
                <span className="hint" aria-label={`Bytes sent of ${item.name}`}>
                  {detail(item)}
                </span>
              </span>
            )}
            {item.problem && (
              <span role="alert" className="error guest-problem">
                {item.problem}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
