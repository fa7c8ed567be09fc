/** Downloads a file: ciphertext from S3 through a pre-signed GET, decrypted and authenticated in the crypto worker. */
import { useMutation } from '@tanstack/react-query';
import type { ApiClient } from '../../../transfer/api-client';
import { getObject } from '../../../transfer/objects';
import { useApi, useVault, type UnlockedVault } from '../../session/session-context';
import { saveBlob } from '../save-blob';

/** Fetches and decrypts one file; rejects (and yields nothing) unless the whole file authenticated. */
export async function downloadFile(api: ApiClient, vault: UnlockedVault, key: string) {
  const ciphertext = await getObject(api, key);
  if (!ciphertext) throw new Error('the file is no longer in the vault');
  return vault.pool.run((w) => w.decryptBlob(ciphertext, vault.masterKey));
}

/** Mutation: download a file and hand it to the browser as a download under its real name. */
export function useDownloadFile() {
  const api = useApi();
  const vault = useVault();
  return useMutation({
    mutationFn: async (key: string) => {
      const { blob, metadata } = await downloadFile(api, vault, key);
      saveBlob(blob, metadata.name);
    },
  });
}
