/**
 * Removes a passkey from the vault (format SPEC section 14): the list without it, tagged again with the open vault's
 * master key (no passphrase, no authenticator), or no object at all once the last one is gone; written as the settings
 * are. The authenticator is told the credential is unknown now, where the browser can (the Signal API).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { removePasskey as withoutPasskey } from '../../../format';
import type { ApiClient } from '../../../transfer/api-client';
import { useApi, useVault } from '../../../session/session-context';
import { forgetPasskey } from '../webauthn';
import { passkeyObjectQueryOptions, storePasskeys } from './passkey-object';
import { passkeyListQueryOptions, readPasskeyList } from './passkey-list';

/** Removes the passkey `credentialId` from the open vault's list. */
export async function removePasskey(api: ApiClient, masterKey: CryptoKey, credentialId: Uint8Array): Promise<void> {
  const list = await readPasskeyList(api, masterKey);
  if (list.status !== 'listed') throw new Error('The passkey list changed in storage meanwhile: reload to see it.');
  const next = await withoutPasskey(list.object.bytes, masterKey, credentialId);
  await storePasskeys(api, list.object, next);
  forgetPasskey(credentialId);
}

/** Mutation: remove a passkey by its credential id. */
export function useRemovePasskey() {
  const api = useApi();
  const vault = useVault();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentialId: Uint8Array) => removePasskey(api, vault.masterKey, credentialId),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: passkeyObjectQueryOptions(api).queryKey });
      await queryClient.invalidateQueries({ queryKey: passkeyListQueryOptions(api, vault).queryKey });
    },
  });
}
