import { useState } from 'react';
import { formatBytes } from '../../../components/ui/format-bytes';
import { useDownloadInboxFile } from '../api/download-inbox-file';
import { useInbox, type InboxFile } from '../api/list-inbox';
import { useMoveIntoVault, useVaultFolders, type MovedFile } from '../api/move-into-vault';
import type { RecipientKey } from '../api/recipient-key';
import { MoveIntoVaultDialog } from './move-dialog';

function nameOf(file: InboxFile): string {
  return file.readable ? file.metadata.name : 'Unreadable file';
}

/** "Moved “a.pdf” into Taxes", and the name it got if its own was taken there. */
function movedMessage(name: string, moved: MovedFile): string {
  const where = moved.folder === '' ? 'All files' : moved.folder;
  const as = moved.renamed ? ` as “${moved.path.slice(moved.path.lastIndexOf('/') + 1)}” (its name was taken there)` : '';
  return `Moved “${name}” into ${where}${as}.`;
}

/** The folder choice for one file, with the vault's folders listed only while it is open. */
function MoveChoice({ file, onMove, onClose }: { file: InboxFile; onMove(folder: string): void; onClose(): void }) {
  const folders = useVaultFolders();
  return (
    <MoveIntoVaultDialog
      name={nameOf(file)}
      folders={folders.error ? [] : folders.folders}
      {...(folders.error ? { problem: folders.error.message } : {})}
      onMove={onMove}
      onClose={onClose}
    />
  );
}

/** What received files add up to: "2 files, 1.2 MB" (their own sizes, from their headers). */
function summaryOf(files: InboxFile[]): string {
  const readable = files.filter((file) => file.readable);
  const bytes = readable.reduce((sum, file) => sum + file.metadata.size, 0);
  const count = `${files.length} ${files.length === 1 ? 'file' : 'files'}`;
  return readable.length === files.length ? `${count}, ${formatBytes(bytes)}` : `${count} (${files.length - readable.length} unreadable)`;
}

/**
 * What guests sent to one request: each file with the receipt code its guest was given, to download or to move into a
 * vault folder.
 */
export function RequestInbox({ requestId, title, recipientKey }: { requestId: string; title: string; recipientKey: RecipientKey }) {
  const inbox = useInbox(recipientKey, requestId);
  const download = useDownloadInboxFile(recipientKey);
  const move = useMoveIntoVault(recipientKey, requestId);
  const [choosing, setChoosing] = useState<InboxFile | null>(null);
  // Where the last moved file went: in a live region that stays (a toast would be gone before it was read).
  const [moved, setMoved] = useState('');
  const problem = download.error?.message ?? move.error?.message;
  const moving = move.progress;
  const downloading = download.progress;

  function moveTo(file: InboxFile, folder: string) {
    setMoved('');
    move.mutate({ file, folder }, { onSuccess: (result) => setMoved(movedMessage(nameOf(file), result)) });
  }

  if (inbox.isPending) return <p role="status">Decrypting received files…</p>;
  if (inbox.isError) return <p role="alert" className="error">Could not list the received files: {inbox.error.message}</p>;
  return (
    <div className="inbox">
      <p role="status" className="notice">
        {moved}
      </p>
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
        <>
          <p className="hint">
            Received: {summaryOf(inbox.data)}. Each guest was given the receipt code of each file they sent.
          </p>
          <table aria-label={`Received for ${title}`}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Size</th>
                <th scope="col">Received</th>
                <th scope="col">Receipt code</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {inbox.data.map((file) => (
                <tr key={file.key}>
                  <th scope="row">{nameOf(file)}</th>
                  <td>{file.readable ? formatBytes(file.metadata.size) : file.problem}</td>
                  <td>{new Date(file.received).toLocaleString()}</td>
                  <td>{file.readable ? <code aria-label={`Receipt code of ${file.metadata.name}`}>{file.receipt}</code> : 'None'}</td>
                  <td>
                    <div className="inbox-actions">
                      <button type="button" disabled={!file.readable || download.isPending} onClick={() => download.mutate(file.key)}>
                        Download <span className="visually-hidden">{nameOf(file)}</span>
                      </button>
                      <button type="button" disabled={!file.readable || move.isPending} onClick={() => setChoosing(file)}>
                        Move <span className="visually-hidden">{nameOf(file)}</span> into vault
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {choosing && <MoveChoice file={choosing} onMove={(folder) => moveTo(choosing, folder)} onClose={() => setChoosing(null)} />}
    </div>
  );
}
