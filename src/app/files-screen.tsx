import { useEffect, useState } from 'react';
import { useDownloadFile } from '../features/download/api/download-file';
import { prepareStreamedDownloads } from '../features/download/stream-to-disk';
import { useDeleteFile } from '../features/files/api/delete-file';
import { useFiles, type VaultFile } from '../features/files/api/list-files';
import { FileList } from '../features/files/components/file-list';
import { describeTransferError } from '../transfer/describe-error';
import type { NamedFile } from '../features/upload/collect-files';
import { DropZone } from '../features/upload/components/drop-zone';
import { UploadButton } from '../features/upload/components/upload-button';
import { UploadList } from '../features/upload/components/upload-list';
import { useUploadItems, useUploadQueue } from '../features/upload/upload-context';
import { totalsOf } from '../features/upload/upload-queue';
import { useDiscardPendingUpload, usePendingUploads } from '../features/upload/api/pending-uploads';
import { PendingUploads } from '../features/upload/components/pending-uploads';
import { ShareDialog } from '../features/share/components/share-dialog';
import { PreviewDialog } from '../features/preview/components/preview-dialog';

function Uploads() {
  const queue = useUploadQueue();
  const items = useUploadItems();
  const pending = usePendingUploads();
  const discard = useDiscardPendingUpload();
  const active = new Set(items.filter((i) => i.status !== 'done' && i.status !== 'cancelled').map((i) => i.name));
  return (
    <>
      <PendingUploads uploads={pending.data ?? []} active={active} onDiscard={(id) => discard.mutate(id)} />
      <UploadList
      items={items}
      totals={totalsOf(items)}
      onPause={(id) => queue.pause(id)}
      onResume={(id) => queue.resume(id)}
      onCancel={(id) => queue.cancel(id)}
      onClear={() => queue.clearFinished()}
      />
    </>
  );
}

/** The vault's files: upload (files, folders, drops), the list, download, share, delete. */
export function FilesScreen() {
  const files = useFiles();
  const queue = useUploadQueue();
  const download = useDownloadFile();
  const remove = useDeleteFile();
  const [problem, setProblem] = useState<string | null>(null);
  const [sharing, setSharing] = useState<VaultFile | null>(null);
  const [previewing, setPreviewing] = useState<VaultFile | null>(null);
  useEffect(prepareStreamedDownloads, []);

  function confirmDelete(file: VaultFile) {
    const name = file.readable ? file.metadata.name : 'this unreadable file';
    if (window.confirm(`Delete ${name}? This cannot be undone.`)) remove.mutate(file.key);
  }

  const upload = (chosen: NamedFile[]) => {
    setProblem(null);
    queue.add(chosen);
  };
  const downloadProblem = download.error && !(download.error instanceof DOMException && download.error.name === 'AbortError');
  const error = problem ?? (downloadProblem ? describeTransferError(download.error).message : remove.error?.message);
  return (
    <DropZone onFiles={upload}>
      <div className="toolbar">
        <h2 id="vault-title">Your files</h2>
        <UploadButton onFiles={upload} />
      </div>
      <Uploads />
      <div aria-live="polite">
        {error && (
          <p role="alert" className="error">
            {error}
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
          onShare={setSharing}
          onPreview={setPreviewing}
          busyKey={download.isPending ? (download.variables ?? null) : null}
          progress={download.progress}
          onCancelDownload={download.cancel}
        />
      )}
      {previewing?.readable && (
        <PreviewDialog key={previewing.key} file={previewing} onDownload={() => download.mutate(previewing.key)} onClose={() => setPreviewing(null)} />
      )}
      {sharing?.readable && <ShareDialog key={sharing.key} objectKey={sharing.key} fileName={sharing.metadata.name} onClose={() => setSharing(null)} />}
    </DropZone>
  );
}
