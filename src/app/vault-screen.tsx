import { useState } from 'react';
import { useDownloadFile } from '../features/download/api/download-file';
import { useDeleteFile } from '../features/files/api/delete-file';
import { useFiles, type VaultFile } from '../features/files/api/list-files';
import { FileList } from '../features/files/components/file-list';
import { useUploadFiles } from '../features/upload/api/upload-file';
import { UploadButton } from '../features/upload/components/upload-button';

/** The unlocked vault: upload, list, download, delete. */
export function VaultScreen() {
  const files = useFiles();
  const upload = useUploadFiles();
  const download = useDownloadFile();
  const remove = useDeleteFile();
  const [notice, setNotice] = useState<string | null>(null);

  function confirmDelete(file: VaultFile) {
    const name = file.readable ? file.metadata.name : 'this unreadable file';
    if (window.confirm(`Delete ${name}? This cannot be undone.`)) remove.mutate(file.key);
  }

  function uploadFiles(chosen: File[]) {
    setNotice(null);
    upload.mutate(chosen, {
      onSuccess: () => setNotice(chosen.length === 1 ? `Uploaded ${chosen[0]?.name}` : `Uploaded ${chosen.length} files`),
    });
  }

  const problem = upload.error ?? download.error ?? remove.error;
  return (
    <section aria-labelledby="vault-title">
      <div className="toolbar">
        <h2 id="vault-title">Your files</h2>
        <UploadButton onFiles={uploadFiles} busy={upload.isPending} />
      </div>
      <div aria-live="polite">
        {notice && <p className="notice">{notice}</p>}
        {problem && (
          <p role="alert" className="error">
            {problem.message}
          </p>
        )}
      </div>
      {files.isPending && <p role="status">Decrypting file names…</p>}
      {files.isError && (
        <p role="alert" className="error">
          Could not list your files: {files.error.message}
        </p>
      )}
      {files.data && (
        <FileList
          files={files.data}
          onDownload={(key) => download.mutate(key)}
          onDelete={confirmDelete}
          busyKey={download.isPending ? (download.variables ?? null) : null}
        />
      )}
    </section>
  );
}
