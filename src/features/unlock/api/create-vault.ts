/** Creates the vault: Argon2id and key generation in a worker, then the settings object goes to S3. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiClient } from '../../../transfer/api-client';
import { putObject } from '../../../transfer/objects';
import { createVaultInWorker } from '../../../transfer/workers';
import { useApi, useSession } from '../../session/session-context';
import { getVaultSettings, VAULT_SETTINGS_KEY, vaultSettingsQueryOptions } from './vault-settings';

/** Creates a vault and returns its master key (and how long Argon2id took here). Refuses to replace an existing vault. */
export async function createVault(api: ApiClient, passphrase: string): Promise<{ masterKey: CryptoKey; derivationMs: number }> {
  const started = performance.now();
  const { settings, masterKey } = await createVaultInWorker(passphrase);
  const derivationMs = performance.now() - started;
  // Another browser may have created the vault meanwhile: never overwrite a vault's settings.
  if (await getVaultSettings(api)) throw new Error('a vault already exists for this account: unlock it instead');
  await putObject(api, VAULT_SETTINGS_KEY, new Blob([settings as Uint8Array<ArrayBuffer>]));
  return { masterKey, derivationMs };
}

/** Mutation: create the vault and unlock it. */
export function useCreateVault() {
  const api = useApi();
  const { unlock } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (passphrase: string) => createVault(api, passphrase),
    onSuccess: async ({ masterKey, derivationMs }) => {
      await queryClient.invalidateQueries({ queryKey: vaultSettingsQueryOptions(api).queryKey });
      unlock(masterKey, derivationMs);
    },
  });
}
