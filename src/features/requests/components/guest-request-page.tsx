import { formatBytes } from '../../../components/ui/format-bytes';
import { DropZone } from '../../upload/components/drop-zone';
import { UploadButton } from '../../upload/components/upload-button';
import { useGuestRequest, type GuestRequest } from '../api/guest-request';
import { useGuestUploads, type GuestUploadItem } from '../api/guest-upload';

const STATUS: Record<GuestUploadItem['status'], string> = {
  waiting: 'Waiting',
  encrypting: 'Encrypting…',
  uploading: 'Uploading…',
  sent: 'Sent',
  refused: 'Refused',
};

function Uploads({ request }: { request: GuestRequest }) {
  const { items, add } = useGuestUploads(request);
  const sent = items.filter((i) => i.status === 'sent');
  const finished = items.filter((i) => i.status === 'sent' || i.status === 'refused');
  const total = items.reduce((sum, i) => sum + i.size, 0);
  const done = finished.reduce((sum, i) => sum + i.size, 0);
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
      {items.length > 0 && finished.length === items.length && (
        <section aria-label="Receipt" className="card">
          <h3>Receipt</h3>
          <p>
            {sent.length} of {items.length} files sent, {new Date().toLocaleString()}.
          </p>
          <ul>
            {sent.map((item) => (
              <li key={item.id}>
                {item.name}: <code>{item.receipt}</code>
              </li>
            ))}
          </ul>
        </section>
      )}
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
