/** Downloads a received file: the ciphertext from S3, authenticated and decrypted with the vault's recipient key. */
import { useMutation } from '@tanstack/react-query';
import type { ApiClient } from '../../../transfer/api-client';
import { withInboxWorker } from '../../../transfer/inbox-worker-handle';
import { getObject } from '../../../transfer/objects';
import { saveBlob } from '../../download/save-blob';
import { useApi } from '../../session/session-context';
import type { RecipientKey } from './recipient-key';

/** Fetches and decrypts a received file; rejects, yielding nothing, unless every chunk authenticated. */
export async function openInboxFile(api: ApiClient, key: RecipientKey, objectKey: string): Promise<File> {
  const ciphertext = await getObject(api, objectKey);
  if (ciphertext === null) throw new Error('this file is no longer in the inbox');
  return withInboxWorker(async (worker) => (await worker.decrypt(ciphertext, key.identity)).file);
}

/** Mutation: download a received file under its own name. */
export function useDownloadInboxFile(key: RecipientKey) {
  const api = useApi();
  return useMutation({
    mutationFn: async (objectKey: string) => {
      const file = await openInboxFile(api, key, objectKey);
      saveBlob(file, file.name);
    },
  });
}
