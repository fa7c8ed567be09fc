/**
 * Moves a received file into the vault without decrypting or re-encrypting its contents: the owner's browser opens
 * the header with the recipient key and re-wraps it for the vault (format SPEC section 13: same file key, salt and
 * sealed metadata, a vault stanza instead of the public-key stanza, a new MAC), then the ciphertext streams from the
 * inbox object to a new vault object behind the new header (transfer/rewrapped-copy.ts: ranged GETs and multipart
 * PUTs, about one part per part in flight in memory). The payload is not decrypted on the way: its length is checked
 * against the authenticated header, and every chunk is authenticated whenever the vault file is read, as for any
 * vault file. Once the vault object is complete, the inbox copy is deleted.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { encryptedSize, fileObjectKey, newFileId } from '../../../format';
import type { ApiClient } from '../../../transfer/api-client';
import { withInboxWorker } from '../../../transfer/inbox-worker-handle';
import { deleteObject } from '../../../transfer/objects';
import { copyWithNewHeader } from '../../../transfer/rewrapped-copy';
import { refreshFiles } from '../../files/api/list-files';
import { useApi, useVault, type UnlockedVault } from '../../session/session-context';
import { readInboxHeader, type InboxFile } from './list-inbox';
import type { RecipientKey } from './recipient-key';

/** Moves one received file into the vault and deletes the inbox copy; returns the vault object's key. */
export async function moveIntoVault(
  api: ApiClient,
  vault: UnlockedVault,
  key: RecipientKey,
  file: InboxFile,
  onProgress?: (stored: number, total: number) => void,
): Promise<string> {
  if (!file.readable) throw new Error('this file cannot be opened with the vault key, so it cannot be moved');
  const header = await readInboxHeader(api, file.key);
  // A vault object key like the upload queue's: a random id and the sealed name, bound to that id and to the new
  // header the vault object begins with (SPEC section 11).
  const id = newFileId();
  const rewrapped = await withInboxWorker((worker) => worker.rewrapForVault(header, key.identity, vault.masterKey, id));
  // The payload is copied unread, so check its length now: a cut or padded object stays in the inbox.
  if (encryptedSize(rewrapped.metadata.size, rewrapped.oldHeaderLength) !== file.storedSize) {
    throw new Error(`${file.metadata.name} is incomplete or was changed in the inbox (its size does not match its header): it was not moved`);
  }
  const to = fileObjectKey(id, rewrapped.token);
  await copyWithNewHeader({
    api,
    from: file.key,
    fromSize: file.storedSize,
    oldHeaderLength: rewrapped.oldHeaderLength,
    header: rewrapped.header,
    to,
    ...(onProgress ? { onProgress } : {}),
  });
  await deleteObject(api, file.key);
  return to;
}

/** Mutation: move a received file into the vault, with progress; the inbox and the vault's file list refresh. */
export function useMoveIntoVault(key: RecipientKey, requestId: string) {
  const api = useApi();
  const vault = useVault();
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<{ key: string; stored: number; total: number } | null>(null);
  const mutation = useMutation({
    mutationFn: (file: InboxFile) => moveIntoVault(api, vault, key, file, (stored, total) => setProgress({ key: file.key, stored, total })),
    onSettled: async () => {
      setProgress(null);
      await queryClient.invalidateQueries({ queryKey: ['vault', 'inbox', requestId] });
      await refreshFiles(queryClient, api, vault);
    },
  });
  return { ...mutation, progress };
}
