/** Creates the vault: Argon2id and key generation in a worker, then the settings object goes to S3. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useToast } from '../../../components/ui/toast';
import { inspectVault } from '../../../format';
import type { ApiClient } from '../../../transfer/api-client';
import { createObjectIfAbsent } from '../../../transfer/objects';
import { createVaultInWorker } from '../../../transfer/workers';
import { useLocalOwner } from '../../../session/api/get-me';
import { useApi, useSession } from '../../../session/session-context';
import { generationScope, rememberGeneration } from '../../../session/settings-generation';
import { getVaultSettings, VAULT_SETTINGS_KEY, vaultSettingsQueryOptions } from '../../../session/vault-settings';

/** The account has a vault already (made in another browser or tab, maybe at the same moment): unlock it instead. */
export class VaultExistsError extends Error {
  override name = 'VaultExistsError';
}

/**
 * Creates a vault and returns its master key (and how long Argon2id took here). Never replaces an existing vault's
 * settings, whose key opens every file of that vault: of two browsers creating the vault of one account at the
 * same moment, one wins and the other is refused before it stores a file under a key nobody could open again.
 */
export async function createVault(api: ApiClient, passphrase: string): Promise<{ masterKey: CryptoKey; derivationMs: number; settings: Uint8Array }> {
  const started = performance.now();
  const { settings, masterKey } = await createVaultInWorker(passphrase);
  const derivationMs = performance.now() - started;
  // The vault may have been made since this page looked: say so before writing anything.
  if (await getVaultSettings(api)) throw new VaultExistsError('A vault already exists for this account: unlock it with its passphrase.');
  const outcome = await createObjectIfAbsent(api, VAULT_SETTINGS_KEY, settings as Uint8Array<ArrayBuffer>);
  if (outcome === 'exists') {
    throw new VaultExistsError(
      'Another browser or tab created the vault of this account at the same moment, and its vault was kept: nothing was stored here. Unlock it with the passphrase chosen there.',
    );
  }
  return { masterKey, derivationMs, settings };
}

/** Mutation: create the vault and unlock it; when the account has a vault already, say so and show its unlock form. */
export function useCreateVault() {
  const api = useApi();
  const { unlock } = useSession();
  const queryClient = useQueryClient();
  const toast = useToast();
  const owner = useLocalOwner();
  return useMutation({
    mutationFn: (passphrase: string) => createVault(api, passphrase),
    onSuccess: async ({ masterKey, derivationMs, settings }) => {
      const { vaultId, generation } = inspectVault(settings);
      rememberGeneration(localStorage, generationScope(owner, vaultId), generation);
      await queryClient.invalidateQueries({ queryKey: vaultSettingsQueryOptions(api).queryKey });
      unlock({ masterKey }, { derivationMs });
    },
    onError: async (error) => {
      if (!(error instanceof VaultExistsError)) return;
      toast.show({ tone: 'error', message: error.message });
      await queryClient.invalidateQueries({ queryKey: vaultSettingsQueryOptions(api).queryKey });
    },
  });
}
