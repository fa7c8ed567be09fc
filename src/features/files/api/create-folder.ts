/**
 * Making an empty folder that lasts: folders are the `/`-separated segments of file names, so a folder with no file in
 * it is kept by a folder marker (SPEC section 11, "Empty folders") - an empty file object of the folder type whose
 * sealed name is the folder's path. The bucket sees one more small object, like an empty file; never the name.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FOLDER_MARKER_TYPE, fileObjectKey, newFileId } from '../../../format';
import type { ApiClient } from '../../../transfer/api-client';
import { putObject } from '../../../transfer/objects';
import { readObjectHeader } from '../../../transfer/read-header';
import { withRetries } from '../../../transfer/retry';
import { useApi, useVault, type UnlockedVault } from '../../../session/session-context';
import { filesQueryOptions } from '../../../session/files/list-files';
import type { ReadableFile } from './move-files';
import { usageQueryOptions } from '../../../session/files/usage';

/** Stores the marker of folder `path` (its full path from the top); resolves it as the file list holds it. */
export async function createFolder(api: ApiClient, vault: UnlockedVault, path: string): Promise<ReadableFile> {
  const marker = new File([], path.slice(path.lastIndexOf('/') + 1), { type: FOLDER_MARKER_TYPE });
  const body = await vault.pool.run((w) => w.encryptFile(marker, vault.masterKey, path));
  // The name is bound to the marker's id and header, as every file's (SPEC section 11).
  const header = await readObjectHeader(async (start, end) => new Uint8Array(await body.slice(start, end).arrayBuffer()));
  const id = newFileId();
  const token = await vault.pool.run((w) => w.sealName(marker, vault.masterKey, path, id, header));
  if (token === undefined) throw new Error(`“${path}” is too long a folder path for the vault: choose a shorter name`);
  const key = fileObjectKey(id, token);
  await withRetries(() => putObject(api, key, body), { retries: 2 });
  const metadata = { name: path, type: FOLDER_MARKER_TYPE, size: 0, modified: marker.lastModified };
  return { key, storedSize: body.size, uploaded: new Date().toISOString(), readable: true, metadata };
}

/** Mutation: make a folder; the list holds its marker as soon as it is stored. */
export function useCreateFolder() {
  const api = useApi();
  const vault = useVault();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (path: string) => createFolder(api, vault, path),
    onSuccess: (marker) => {
      queryClient.setQueryData(filesQueryOptions(api, vault).queryKey, (files) => files && [marker, ...files]);
      void queryClient.invalidateQueries({ queryKey: usageQueryOptions(api).queryKey });
    },
  });
}
