import { formatBytes } from '../../../components/ui/format-bytes';
import { useDownloadInboxFile } from '../api/download-inbox-file';
import { useInbox, type InboxFile } from '../api/list-inbox';
import { useMoveIntoVault } from '../api/move-into-vault';
import type { RecipientKey } from '../api/recipient-key';

function nameOf(file: InboxFile): string {
  return file.readable ? file.metadata.name : 'Unreadable file';
}

/** What guests sent to one request: download each, or move it into the vault. */
export function RequestInbox({ requestId, title, recipientKey }: { requestId: string; title: string; recipientKey: RecipientKey }) {
  const inbox = useInbox(recipientKey, requestId);
  const download = useDownloadInboxFile(recipientKey);
  const move = useMoveIntoVault(recipientKey, requestId);
  const problem = download.error?.message ?? move.error?.message;
  const moving = move.progress;
  const downloading = download.progress;
  if (inbox.isPending) return <p role="status">Decrypting received files…</p>;
  if (inbox.isError) return <p role="alert" className="error">Could not list the received files: {inbox.error.message}</p>;
  return (
    <div className="inbox">
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      {downloading && (
        <p role="status">
          Downloading: {formatBytes(downloading.released)} of {formatBytes(downloading.total)}
        </p>
      )}
      {moving && (
        <p role="status">
          Moving into the vault: {formatBytes(moving.stored)} of {formatBytes(moving.total)}
        </p>
      )}
      {inbox.data.length === 0 ? (
        <p>Nothing received yet.</p>
      ) : (
        <table aria-label={`Received for ${title}`}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Size</th>
              <th scope="col">Received</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {inbox.data.map((file) => (
              <tr key={file.key}>
                <th scope="row">{nameOf(file)}</th>
                <td>{file.readable ? formatBytes(file.metadata.size) : file.problem}</td>
                <td>{new Date(file.received).toLocaleString()}</td>
                <td>
                  <button type="button" disabled={!file.readable || download.isPending} onClick={() => download.mutate(file.key)}>
                    Download <span className="visually-hidden">{nameOf(file)}</span>
                  </button>
                  <button type="button" disabled={!file.readable || move.isPending} onClick={() => move.mutate(file)}>
                    Move <span className="visually-hidden">{nameOf(file)}</span> into vault
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
