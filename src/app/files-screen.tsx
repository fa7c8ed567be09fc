import { useEffect, useState } from 'react';
import { useDownloadFile } from '../features/download/api/download-file';
import { prepareStreamedDownloads } from '../transfer/save/stream-to-disk';
import { useFiles, type VaultFile } from '../session/files/list-files';
import { FileBrowser } from '../features/files/components/file-browser';
import { joinPath } from '../session/files/file-tree';
import { useFolderHistory } from '../features/files/folder-history';
import { describeTransferError } from '../transfer/describe-error';
import type { NamedFile } from '../components/upload/collect-files';
import { DropZone } from '../components/upload/drop-zone';
import { UploadButton } from '../components/upload/upload-button';
import { UploadList } from '../features/upload/components/upload-list';
import { useUploadItems, useUploadQueue } from '../features/upload/upload-context';
import { useUploadBatch } from '../features/upload/use-upload-batch';
import { isUnfinished } from '../features/upload/upload-queue';
import { useDiscardPendingUpload, usePendingUploads } from '../features/upload/api/pending-uploads';
import { PendingUploads } from '../features/upload/components/pending-uploads';
import { ShareDialog } from '../features/share/components/share-dialog';
import { canPreview } from '../features/preview/api/open-preview';
import { PreviewDialog } from '../features/preview/components/preview-dialog';

function Uploads() {
  const queue = useUploadQueue();
  const items = useUploadItems();
  const pending = usePendingUploads();
  const discard = useDiscardPendingUpload();
  const active = new Set(items.filter(isUnfinished).map((i) => i.name));
  return (
    <>
      <PendingUploads uploads={pending.data ?? []} active={active} onDiscard={(id) => discard.mutate(id)} />
      <UploadList items={items} onPause={queue.pause} onResume={queue.resume} onCancel={queue.cancel} onClear={queue.clearFinished} />
    </>
  );
}

/**
 * The vault's files: upload (files, folders, drops) into the folder shown, the file browser (folders, search, sort,
 * selection, rename, move, delete with Undo, usage), download, share, preview.
 */
export function FilesScreen() {
  const files = useFiles();
  const batch = useUploadBatch();
  const download = useDownloadFile();
  const [folder, setFolder] = useFolderHistory();
  const [problem, setProblem] = useState<string | null>(null);
  const [sharing, setSharing] = useState<VaultFile | null>(null);
  const [previewing, setPreviewing] = useState<VaultFile | null>(null);
  useEffect(prepareStreamedDownloads, []);

  const upload = (chosen: NamedFile[]) => {
    setProblem(null);
    // Uploads land in the folder on screen, keeping the structure of an uploaded folder below it.
    batch.upload(chosen.map((item) => ({ ...item, name: joinPath(folder, item.name) })));
  };
  const downloadFailed = download.error !== null && !(download.error instanceof DOMException && download.error.name === 'AbortError');
  const retry = download.variables;
  return (
    <DropZone onFiles={upload}>
      <div className="toolbar">
        <h2 id="vault-title">Your files</h2>
        <UploadButton onFiles={upload} />
      </div>
      <Uploads />
      <div aria-live="polite">
        {problem && (
          <p role="alert" className="error">
            {problem}
          </p>
        )}
        {downloadFailed && (
          <div className="download-problem">
            <p role="alert" className="error">
              {describeTransferError(download.error, 'retry').message}
            </p>
            {retry !== undefined && (
              <button type="button" onClick={() => download.mutate(retry)}>
                Retry
              </button>
            )}
            <button type="button" className="quiet" onClick={() => download.reset()}>
              Dismiss
            </button>
          </div>
        )}
      </div>
      {files.isPending && <p role="status">Decrypting file names…</p>}
      {files.isError && (
        <p role="alert" className="error">
          Could not list your files: {files.error.message}
        </p>
      )}
      {files.data && (
        <FileBrowser
          files={files.data}
          folder={folder}
          onFolderChange={setFolder}
          onDownload={(file) => download.mutate(file.key)}
          downloading={
            download.isPending && download.variables
              ? { key: download.variables, percent: download.progress ? Math.floor((100 * download.progress.released) / Math.max(1, download.progress.total)) : 0 }
              : null
          }
          onCancelDownload={download.cancel}
          onShare={setSharing}
          onPreview={setPreviewing}
          canPreview={(file) => canPreview(file.metadata)}
        />
      )}
      {previewing?.readable && (
        <PreviewDialog key={previewing.key} file={previewing} onDownload={() => download.mutate(previewing.key)} onClose={() => setPreviewing(null)} />
      )}
      {batch.dialog}
      {sharing?.readable && <ShareDialog key={sharing.key} objectKey={sharing.key} fileName={sharing.metadata.name} onClose={() => setSharing(null)} />}
    </DropZone>
  );
}
