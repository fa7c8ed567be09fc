/**
 * Moves a received file into the vault: decrypted with the recipient key, then queued as a normal upload (encrypted
 * to the vault key, with the vault's naming and resume); once the vault holds it, the inbox copy is deleted.
 * Why not a server-side copy: the inbox object is encrypted to the public key only; a vault file carries a vault
 * stanza, and adding one means rewriting the header, i.e. the object, in the browser anyway.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiClient } from '../../../transfer/api-client';
import { deleteObject } from '../../../transfer/objects';
import { useUploadQueue } from '../../upload/upload-context';
import type { UploadQueue } from '../../upload/upload-queue';
import { useApi } from '../../session/session-context';
import { openInboxFile } from './download-inbox-file';
import type { InboxFile } from './list-inbox';
import type { RecipientKey } from './recipient-key';

/** Queues a file and resolves once the queue reports it stored (rejects if it fails or is cancelled). */
function uploadThroughQueue(queue: UploadQueue, file: File, name: string): Promise<void> {
  const before = new Set(queue.getSnapshot().map((item) => item.id));
  queue.add([{ file, name }]);
  const id = queue.getSnapshot().find((item) => !before.has(item.id))?.id;
  return new Promise((resolve, reject) => {
    const check = () => {
      const item = queue.getSnapshot().find((i) => i.id === id);
      if (item?.status === 'done') resolve();
      else if (item === undefined || item.status === 'failed' || item.status === 'cancelled') {
        reject(new Error(item?.error ?? `${name} was not moved into the vault`));
      } else return;
      unsubscribe();
    };
    const unsubscribe = queue.subscribe(check);
    check();
  });
}

/** Moves one received file into the vault and deletes the inbox copy. */
export async function moveIntoVault(api: ApiClient, queue: UploadQueue, key: RecipientKey, file: InboxFile): Promise<void> {
  if (!file.readable) throw new Error('this file cannot be opened with the vault key, so it cannot be moved');
  const plaintext = await openInboxFile(api, key, file.key);
  await uploadThroughQueue(queue, plaintext, file.metadata.name);
  await deleteObject(api, file.key);
}

/** Mutation: move a received file into the vault; the inbox and the file list refresh. */
export function useMoveIntoVault(key: RecipientKey, requestId: string) {
  const api = useApi();
  const queue = useUploadQueue();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: InboxFile) => moveIntoVault(api, queue, key, file),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['vault', 'inbox', requestId] }),
  });
}
