/**
 * Unlocks the vault with a passkey (format SPEC section 14): the authenticator gives the PRF output of one of the
 * registered passkeys, which opens that entry's wrapped master key; the key counts only once the settings' key tag and
 * the list tag verify under it. Both objects are read again after the authenticator answered, so that a passkey
 * removed, or a key rotated, in another browser since this page loaded does not open the vault from a stale copy.
 * As with the passphrase, the settings' generation is compared with the newest this browser opened (a restored older
 * copy opens with a warning). The PRF output is zeroed after use.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { inspectPasskeys, isFormatError, unlockWithPasskey } from '../../../format';
import { prefetchFileObjects } from '../../../session/files/list-files';
import { useLocalOwner } from '../../../session/api/get-me';
import { useApi, useSession } from '../../../session/session-context';
import { getVaultSettings, vaultSettingsQueryOptions } from '../../../session/vault-settings';
import { checkGeneration, generationScope } from '../../../session/settings-generation';
import { evaluatePasskey, PasskeyError } from '../webauthn';
import { getPasskeyObject, passkeyObjectQueryOptions } from './passkey-object';

/** What a person reads when a passkey gives no current key of this vault. */
export const STALE_PASSKEY = 'This passkey no longer opens the vault: unlock with your passphrase and register it again.';

/** Mutation: unlock with one of the passkeys `object` (the passkey object this page read) lists. */
export function useUnlockWithPasskey(object: Uint8Array) {
  const { unlock } = useSession();
  const api = useApi();
  const owner = useLocalOwner();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      // Asked straight from the click: browsers want the prompt to follow a user gesture.
      const asked = inspectPasskeys(object).passkeys.map(({ credentialId, salt }) => ({ credentialId, salt }));
      const { credentialId, prfOutput } = await evaluatePasskey(asked);
      prefetchFileObjects(api);
      try {
        const [settings, passkeys] = await Promise.all([getVaultSettings(api), getPasskeyObject(api)]);
        queryClient.setQueryData(vaultSettingsQueryOptions(api).queryKey, settings);
        queryClient.setQueryData(passkeyObjectQueryOptions(api).queryKey, passkeys?.bytes ?? null);
        if (settings === null || passkeys === null) throw new PasskeyError('failed', 'This vault has no passkeys any more: unlock with your passphrase.');
        const opened = await unlockWithPasskey(settings, passkeys.bytes, credentialId, prfOutput);
        return { opened, rollback: checkGeneration(localStorage, generationScope(owner, opened.vaultId), opened.generation) };
      } catch (error) {
        if (isFormatError(error, 'wrong-key')) throw new PasskeyError('failed', STALE_PASSKEY);
        if (isFormatError(error, 'no-matching-recipient')) throw new PasskeyError('failed', 'This passkey is not registered for this vault: unlock with your passphrase.');
        throw error;
      } finally {
        prfOutput.fill(0);
      }
    },
    onSuccess: ({ opened: { masterKey, previousMasterKey }, rollback }) =>
      unlock(previousMasterKey === undefined ? { masterKey } : { masterKey, previousMasterKey }, rollback === undefined ? {} : { rollback }),
  });
}
