import { useState } from 'react';
import { formatBytes } from '../../../components/ui/format-bytes';
import { formatDuration } from '../../../components/ui/format-duration';
import { DropZone } from '../../upload/components/drop-zone';
import { UploadButton } from '../../upload/components/upload-button';
import { useGuestRequest, type GuestRequest } from '../api/guest-request';
import { useGuestUploads, type GuestUploadItem } from '../api/guest-upload';

const STATUS: Record<GuestUploadItem['status'], string> = {
  waiting: 'Waiting',
  uploading: 'Encrypting and uploading…',
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

function Receipt({ items }: { items: GuestUploadItem[] }) {
  const sent = items.filter((i) => i.status === 'sent');
  const [at] = useState(() => new Date().toLocaleString());
  return (
    <section aria-label="Receipt" className="card">
      <h3>Receipt</h3>
      <p>
        {sent.length} of {items.length} files sent, {at}. Keep these codes: the owner sees each file under its code.
      </p>
      <ul>
        {sent.map((item) => (
          <li key={item.id}>
            {item.name} ({formatBytes(item.size)}): <code>{item.receipt}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Uploads({ request }: { request: GuestRequest }) {
  const { items, add, cancel } = useGuestUploads(request);
  const finished = items.filter((i) => i.status !== 'waiting' && i.status !== 'uploading');
  const counted = items.filter((i) => i.status !== 'cancelled');
  const total = counted.reduce((sum, i) => sum + i.total, 0);
  const done = counted.reduce((sum, i) => sum + (i.status === 'refused' ? i.total : i.confirmed), 0);
  return (
    <DropZone onFiles={add}>
      <div className="toolbar">
        <UploadButton onFiles={add} />
      </div>
      <p>Drop files or folders here. They are encrypted in this browser; only the owner can open them.</p>
      {items.length > 0 && (
        <>
          <progress aria-label="Upload progress" max={total || 1} value={done} />
          <ul className="guest-uploads" aria-label="Your uploads">
            {items.map((item) => (
              <li key={item.id} aria-label={item.name}>
                <strong>{item.name}</strong> ({formatBytes(item.size)}): <span>{STATUS[item.status]}</span>
                {item.status === 'uploading' && (
                  <>
                    <progress max={item.total || 1} value={item.confirmed} aria-label={`Progress of ${item.name}`} />
                    <span className="hint" aria-label={`Bytes sent of ${item.name}`}>
                      {detail(item)}
                    </span>
                  </>
                )}
                {(item.status === 'uploading' || item.status === 'waiting') && (
                  <button type="button" className="quiet" onClick={() => cancel(item.id)}>
                    Cancel <span className="visually-hidden">{item.name}</span>
                  </button>
                )}
                {item.problem && (
                  <span role="alert" className="error">
                    {' '}
                    {item.problem}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {items.length > 0 && finished.length === items.length && <Receipt items={items} />}
    </DropZone>
  );
}

/** The page a guest opens from a request link: check the link's key, then drop files to send them encrypted. */
export function GuestRequestPage({ id, fragment }: { id: string; fragment: string }) {
  const request = useGuestRequest(id, fragment);
  if (request.isPending) return <p role="status">Opening the request…</p>;
  if (request.isError) {
    return (
      <div className="card" role="alert">
        <h2>This link cannot take uploads</h2>
        <p className="error">{request.error.message}</p>
      </div>
    );
  }
  const { info, fingerprint } = request.data;
  return (
    <section aria-labelledby="guest-title">
      <h2 id="guest-title">{info.title}</h2>
      <p>
        Open until {new Date(info.expiresAt).toLocaleString()} · up to {info.filesLeft} more files, {formatBytes(info.bytesLeft)} in all.
      </p>
      <p>
        Owner’s key fingerprint: <code aria-label="Owner key fingerprint">{fingerprint}</code>. Ask the owner to read theirs out: they must
        match.
      </p>
      <Uploads request={request.data} />
    </section>
  );
}
