/** The vault settings object in S3: KDF parameters, salt and the wrapped master key. No secret in clear. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ApiClient } from '../transfer/api-client';
import { getObject } from '../transfer/objects';
import { useApi } from './session-context';

/** The object key of the vault settings, relative to the user's space. */
export const VAULT_SETTINGS_KEY = 'vault/settings.coffer';

/** Fetches the vault settings object; null when this user has no vault yet. */
export async function getVaultSettings(api: ApiClient): Promise<Uint8Array | null> {
  const blob = await getObject(api, VAULT_SETTINGS_KEY);
  return blob ? new Uint8Array(await blob.arrayBuffer()) : null;
}

/** Query options for the vault settings object. */
export function vaultSettingsQueryOptions(api: ApiClient) {
  return queryOptions({ queryKey: ['vault-settings'], queryFn: () => getVaultSettings(api) });
}

/** The vault settings object, or null when there is no vault yet. */
export function useVaultSettings() {
  return useQuery(vaultSettingsQueryOptions(useApi()));
}
