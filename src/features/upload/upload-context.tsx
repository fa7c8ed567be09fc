/**
 * The upload queue of the unlocked vault, bound to its endpoint, keys and workers.
 */
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { describeTransferError } from '../../transfer/describe-error';
import { indexedDbResumeStore, type ResumeStore } from '../../transfer/upload/resume-store';
import { cancelUploadOf, uploadFile } from '../../transfer/upload/upload-file';
import { fileObjectKey, newFileId } from '../../format';
import { filesQueryOptions, refreshFiles, showStoredFile, type VaultFile } from '../../session/files/list-files';
import { deleteAtOnce } from '../../session/files/pending-deletes';
import { indexedDbDeleteJournal } from '../../session/files/delete-journal';
import { fileMetadata } from '../../transfer/file-metadata';
import { useApi, useVault, type UnlockedVault } from '../../session/session-context';
import { useLocalOwner } from '../../session/api/get-me';
import { UploadQueue, type UploadItem } from './upload-queue';

interface QueueValue {
  queue: UploadQueue;
  store: ResumeStore;
  /** Endpoint and user: whose uploads these are. */
  owner: string;
}

const QueueContext = createContext<QueueValue | null>(null);

/**
 * A fresh object key: a random id, and the file's metadata sealed under the vault key for that id and the file's
 * header (SPEC section 11), so the vault lists with names from one listing and a name moved onto other bytes is
 * refused. S3 and the endpoint learn nothing but the metadata's length.
 */
export async function newFileKey(vault: UnlockedVault, file: File, name: string, header: Uint8Array): Promise<string> {
  const id = newFileId();
  const token = await vault.pool.run((w) => w.sealName(file, vault.masterKey, name, id, header));
  return fileObjectKey(id, token);
}

/** Provides the vault's upload queue. */
export function UploadQueueProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const vault = useVault();
  const owner = useLocalOwner();
  const queryClient = useQueryClient();
  // The queue lives as long as the unlocked vault and keeps this `api`: its token is read at every call, so a token
  // changed in Settings (same endpoint and user) signs the next request, of uploads already running too.
  const [value] = useState((): QueueValue => {
    const store = indexedDbResumeStore();
    const deletes = indexedDbDeleteJournal();
    const refreshPending = () => void queryClient.invalidateQueries({ queryKey: ['vault', 'pending-uploads'] });
    const queue = new UploadQueue<VaultFile>({
      async upload(file, name, signal, report) {
        let storedSize = 0;
        const key = await uploadFile({
          api,
          pool: vault.pool,
          masterKey: vault.masterKey,
          ...(vault.previousMasterKey ? { previousMasterKey: vault.previousMasterKey } : {}),
          store,
          owner,
          file,
          name,
          newKey: (header) => newFileKey(vault, file, name, header),
          signal,
          onProgress: (confirmed, total) => {
            storedSize = total;
            report.progress(confirmed, total);
          },
          onChecking: report.checking,
        });
        return { key, storedSize, uploaded: new Date().toISOString(), readable: true, metadata: fileMetadata(file, name) };
      },
      abandon: async (file, name) => {
        await cancelUploadOf(api, store, owner, name, file);
        refreshPending();
      },
      async replace(keys) {
        const { failed, reason } = await deleteAtOnce(api, deletes, owner, keys);
        const removed = keys.filter((key) => !failed.includes(key));
        return reason === undefined ? { removed } : { removed, problem: reason };
      },
      onUploaded: (_name, file, removed) => {
        // The new file and the ones it replaced change places in one step: the list shows one row of the name.
        if (removed.length > 0) {
          const gone = new Set(removed);
          queryClient.setQueryData(filesQueryOptions(api, vault).queryKey, (files) => files?.filter((f) => !gone.has(f.key)));
        }
        showStoredFile(queryClient, api, vault, file);
      },
      // One listing when a batch is over, not one per file (see showStoredFile).
      onIdle: () => {
        void refreshFiles(queryClient, api, vault);
        refreshPending();
      },
      // A failed upload offers Retry.
      describe: (error) => describeTransferError(error, 'retry').message,
    });
    return { queue, store, owner };
  });
  const { queue } = value;
  // Locking the vault unmounts the provider: stop what is moving (it resumes when the same files are chosen again).
  useEffect(() => () => queue.getSnapshot().forEach((item) => queue.pause(item.id)), [queue]);
  return <QueueContext.Provider value={value}>{children}</QueueContext.Provider>;
}

function useQueueValue(): QueueValue {
  const value = useContext(QueueContext);
  if (!value) throw new Error('upload hooks must be used inside <UploadQueueProvider>');
  return value;
}

/** The upload queue. */
export function useUploadQueue(): UploadQueue {
  return useQueueValue().queue;
}

/** The resume store and whose uploads it holds. */
export function useUploadOwner(): { store: ResumeStore; owner: string } {
  const { store, owner } = useQueueValue();
  return { store, owner };
}

/** The queue's items, re-rendering on change. */
export function useUploadItems(): UploadItem[] {
  const queue = useUploadQueue();
  return useSyncExternalStore(queue.subscribe, queue.getSnapshot);
}
