/** Uploads a file: encrypted in the crypto worker, the ciphertext PUT straight to S3 through a pre-signed URL. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiClient } from '../../../transfer/api-client';
import { putObject } from '../../../transfer/objects';
import { filesQueryOptions, FILES_PREFIX } from '../../files/api/list-files';
import { useApi, useVault, type UnlockedVault } from '../../session/session-context';

/** A fresh random object key: it tells S3 nothing about the file. */
export function newFileKey(): string {
  const id = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  return `${FILES_PREFIX}${id}`;
}

/** Encrypts and uploads one file; returns its object key. */
export async function uploadFile(api: ApiClient, vault: UnlockedVault, file: File): Promise<string> {
  const ciphertext = await vault.worker.api.encryptFile(file, vault.masterKey);
  const key = newFileKey();
  await putObject(api, key, ciphertext);
  return key;
}

/** Mutation: upload files one after another; the list refreshes after each. */
export function useUploadFiles() {
  const api = useApi();
  const vault = useVault();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (files: File[]) => {
      for (const file of files) {
        await uploadFile(api, vault, file);
        await queryClient.invalidateQueries({ queryKey: filesQueryOptions(api, vault).queryKey });
      }
    },
  });
}
