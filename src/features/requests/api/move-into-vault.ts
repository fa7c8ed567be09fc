/**
 * Moves a received file into the vault without decrypting or re-encrypting its contents: the owner's browser opens
 * the header with the recipient key and re-wraps it for the vault (format SPEC section 13: same file key, salt and
 * sealed metadata, a vault stanza instead of the public-key stanza, a new MAC), then the ciphertext streams from the
 * inbox object to a new vault object behind the new header (transfer/rewrapped-copy.ts: ranged GETs and multipart
 * PUTs, about one part per part in flight in memory). The payload is not decrypted on the way: its length is checked
 * against the authenticated header, and every chunk is authenticated whenever the vault file is read, as for any
 * vault file. Once the vault object is complete, the inbox copy is deleted.
 *
 * The owner picks the vault folder it goes to (the guest's own folders, if it sent some, come along inside it); a
 * name already taken there is not doubled: the file keeps both, as "name (2)", as uploads do. The chosen path lives
 * in the new object's sealed name (SPEC section 11), as after a rename; the header keeps the name the guest gave.
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { encryptedSize, fileObjectKey, newFileId } from '../../../format';
import type { ApiClient } from '../../../transfer/api-client';
import { withInboxWorker } from '../../../transfer/inbox-worker-handle';
import { deleteObject } from '../../../transfer/objects';
import { copyWithNewHeader } from '../../../transfer/rewrapped-copy';
import { filesQueryOptions, refreshFiles } from '../../../session/files/list-files';
import { buildIndex, joinPath, segments } from '../../../session/files/file-tree';
import { useApi, useVault, type UnlockedVault } from '../../../session/session-context';
import { freeName } from '../../../session/files/file-tree';
import { readInboxHeader, type InboxFile } from './list-inbox';
import type { RecipientKey } from './recipient-key';

/** Where a moved file went: its vault object and the path it is listed at. */
export interface MovedFile {
  key: string;
  path: string;
  /** The folder it was put in ('' for the top level). */
  folder: string;
  /** True when its name was taken there, so it got a free "name (2)". */
  renamed: boolean;
}

/** The vault path for `name` (the guest's name, maybe with folders) inside `folder`, free among `taken`. */
export function vaultPathFor(name: string, folder: string, taken: ReadonlySet<string>): { path: string; renamed: boolean } {
  const wanted = segments(joinPath(segments(folder).join('/'), segments(name).join('/') || 'Unnamed file')).join('/');
  return taken.has(wanted) ? { path: freeName(wanted, taken), renamed: true } : { path: wanted, renamed: false };
}

/** The paths of the vault's files (not its folders): what a moved file must not take. */
async function takenPaths(queryClient: QueryClient, api: ApiClient, vault: UnlockedVault): Promise<Set<string>> {
  const files = await queryClient.fetchQuery({ ...filesQueryOptions(api, vault), staleTime: 0 });
  return new Set(buildIndex(files).files.map((entry) => entry.path));
}

/** Moves one received file into `folder` of the vault and deletes the inbox copy. */
export async function moveIntoVault(
  api: ApiClient,
  vault: UnlockedVault,
  key: RecipientKey,
  file: InboxFile,
  target: { folder: string; taken: ReadonlySet<string> },
  onProgress?: (stored: number, total: number) => void,
): Promise<MovedFile> {
  if (!file.readable) throw new Error('this file cannot be opened with the vault key, so it cannot be moved');
  const { path, renamed } = vaultPathFor(file.metadata.name, target.folder, target.taken);
  const header = await readInboxHeader(api, file.key);
  // A vault object key like the upload queue's: a random id and the sealed name, bound to that id and to the new
  // header the vault object begins with (SPEC section 11).
  const id = newFileId();
  const rewrapped = await withInboxWorker((worker) => worker.rewrapForVault(header, key.identity, vault.masterKey, id, path));
  // The payload is copied unread, so check its length now: a cut or padded object stays in the inbox.
  if (encryptedSize(rewrapped.metadata.size, rewrapped.oldHeaderLength) !== file.storedSize) {
    throw new Error(`${file.metadata.name} is incomplete or was changed in the inbox (its size does not match its header): it was not moved`);
  }
  // Without a token the vault would list the header's name, not the path chosen: refuse rather than put it elsewhere.
  if (rewrapped.token === undefined && path !== rewrapped.metadata.name) {
    throw new Error(`“${path}” is too long a name for the vault: choose a folder with a shorter path`);
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
  return { key: to, path, folder: segments(target.folder).join('/'), renamed };
}

/** Mutation: move a received file into a vault folder, with progress; the inbox and the vault's file list refresh. */
export function useMoveIntoVault(key: RecipientKey, requestId: string) {
  const api = useApi();
  const vault = useVault();
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<{ key: string; stored: number; total: number } | null>(null);
  const mutation = useMutation({
    mutationFn: async ({ file, folder }: { file: InboxFile; folder: string }) =>
      moveIntoVault(api, vault, key, file, { folder, taken: await takenPaths(queryClient, api, vault) }, (stored, total) =>
        setProgress({ key: file.key, stored, total }),
      ),
    onSettled: async () => {
      setProgress(null);
      await queryClient.invalidateQueries({ queryKey: ['vault', 'inbox', requestId] });
      await refreshFiles(queryClient, api, vault);
    },
  });
  return { ...mutation, progress };
}

/** The vault's folders, to move a received file into: the file list's own folders (its listing, shared with it). */
export function useVaultFolders() {
  const files = useQuery(filesQueryOptions(useApi(), useVault()));
  return { folders: files.data ? buildIndex(files.data).folders : undefined, error: files.error };
}
