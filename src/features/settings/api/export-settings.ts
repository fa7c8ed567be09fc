/** Exports the vault settings object, the file `npx coffer decrypt --vault` needs to open files with the passphrase. */
import { useMutation } from '@tanstack/react-query';
import type { ApiClient } from '../../../transfer/api-client';
import { saveBlob } from '../../../transfer/save/save-blob';
import { useApi } from '../../../session/session-context';
import { getVaultSettings } from '../../../session/vault-settings';

/** The name the exported file gets (the README's recovery example uses it). */
export const EXPORT_FILE_NAME = 'settings.coffer';

/**
 * Downloads the settings object as it is in the bucket now (fresh, not a cached copy, so an export right after a
 * passphrase change holds the new passphrase). It holds no secret in clear: the master key in it is wrapped under
 * the passphrase.
 */
export async function exportVaultSettings(api: ApiClient): Promise<void> {
  const settings = await getVaultSettings(api);
  if (!settings) throw new Error('the vault settings object is missing from the storage');
  saveBlob(new Blob([settings as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }), EXPORT_FILE_NAME);
}

/** Mutation: export the settings object as a download. */
export function useExportSettings() {
  const api = useApi();
  return useMutation({ mutationFn: () => exportVaultSettings(api) });
}
