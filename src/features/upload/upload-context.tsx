/**
 * The upload queue of the unlocked vault, bound to its endpoint, keys and workers.
 */
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { describeTransferError } from '../../transfer/describe-error';
import { indexedDbResumeStore } from '../../transfer/upload/resume-store';
import { cancelUploadOf, uploadFile } from '../../transfer/upload/upload-file';
import { FILES_PREFIX, filesQueryOptions } from '../files/api/list-files';
import { useApi, useSession, useVault } from '../session/session-context';
import { useMe } from '../session/api/get-me';
import { UploadQueue, type UploadItem } from './upload-queue';

const QueueContext = createContext<UploadQueue | null>(null);

/** A fresh random object key: it tells S3 nothing about the file. */
export function newFileKey(): string {
  const id = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  return `${FILES_PREFIX}${id}`;
}

/** Provides the vault's upload queue. */
export function UploadQueueProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const vault = useVault();
  const { connection } = useSession();
  const user = useMe().data?.user ?? 'unknown';
  const queryClient = useQueryClient();
  const [queue] = useState(() => {
    const store = indexedDbResumeStore();
    const owner = `${connection?.endpoint ?? ''}|${user}`;
    return new UploadQueue({
      upload: (file, name, signal, onProgress) =>
        uploadFile({ api, pool: vault.pool, masterKey: vault.masterKey, store, owner, file, name, newKey: newFileKey, signal, onProgress }),
      abandon: (file, name) => cancelUploadOf(api, store, owner, name, file),
      onUploaded: () => void queryClient.invalidateQueries({ queryKey: filesQueryOptions(api, vault).queryKey }),
      describe: (error) => describeTransferError(error).message,
    });
  });
  // Locking the vault unmounts the provider: stop what is moving (it resumes when the same files are chosen again).
  useEffect(() => () => queue.getSnapshot().forEach((item) => queue.pause(item.id)), [queue]);
  return <QueueContext.Provider value={queue}>{children}</QueueContext.Provider>;
}

/** The upload queue. */
export function useUploadQueue(): UploadQueue {
  const queue = useContext(QueueContext);
  if (!queue) throw new Error('useUploadQueue must be used inside <UploadQueueProvider>');
  return queue;
}

/** The queue's items, re-rendering on change. */
export function useUploadItems(): UploadItem[] {
  const queue = useUploadQueue();
  return useSyncExternalStore(queue.subscribe, queue.getSnapshot);
}
