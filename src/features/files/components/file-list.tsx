import { formatBytes } from '../../../components/ui/format-bytes';
import type { VaultFile } from '../api/list-files';

interface FileListProps {
  files: VaultFile[];
  onDownload(key: string): void;
  onDelete(file: VaultFile): void;
  /** Opens the share dialog for a file. */
  onShare?(file: VaultFile): void;
  /** Opens the preview of a file. */
  onPreview?(file: VaultFile): void;
  busyKey: string | null;
  /** Progress of the download under way, if any. */
  progress?: { key: string; released: number; total: number } | null;
  /** Stops the download under way. */
  onCancelDownload?(): void;
}

function displayName(file: VaultFile) {
  return file.readable ? file.metadata.name : 'Unreadable file';
}

/** The vault's files with their real (decrypted) names, and what can be done with each. */
export function FileList({ files, onDownload, onDelete, onShare, onPreview, busyKey, progress, onCancelDownload }: FileListProps) {
  if (files.length === 0) {
    return <p className="empty">Your vault is empty. Upload a file to keep it here, encrypted.</p>;
  }
  return (
    <table className="files" aria-label="Files">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Size</th>
          <th scope="col">Modified</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {files.map((file) => (
          <tr key={file.key}>
            <th scope="row">
              {displayName(file)}
              {!file.readable && <small className="error"> {file.problem}</small>}
            </th>
            <td>{file.readable ? formatBytes(file.metadata.size) : formatBytes(file.storedSize)}</td>
            <td>{new Date(file.readable ? file.metadata.modified : file.uploaded).toLocaleString()}</td>
            <td className="actions">
              <div>
                {file.readable && onPreview && (
                  <button type="button" onClick={() => onPreview(file)}>
                    Preview <span className="visually-hidden">{displayName(file)}</span>
                  </button>
                )}
                {file.readable && (
                  <button type="button" disabled={busyKey === file.key} onClick={() => onDownload(file.key)}>
                    {busyKey === file.key && progress?.key === file.key
                      ? `Downloading ${Math.floor((100 * progress.released) / Math.max(1, progress.total))}%`
                      : 'Download'}{' '}
                    <span className="visually-hidden">{displayName(file)}</span>
                  </button>
                )}
                {busyKey === file.key && onCancelDownload && (
                  <button type="button" className="quiet" onClick={onCancelDownload}>
                    Cancel download <span className="visually-hidden">{displayName(file)}</span>
                  </button>
                )}
                {file.readable && onShare && (
                  <button type="button" onClick={() => onShare(file)}>
                    Share <span className="visually-hidden">{displayName(file)}</span>
                  </button>
                )}
                <button type="button" className="danger" onClick={() => onDelete(file)}>
                  Delete <span className="visually-hidden">{displayName(file)}</span>
                </button>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
