/**
 * Unlocks the vault: Argon2id in a short-lived worker unwraps the master key from the settings object. The settings'
 * generation is compared with the newest this browser opened before: an older one means an older copy of the settings
 * was put back (format SPEC section 6), and the vault opens with a warning.
 */
import { useMutation } from '@tanstack/react-query';
import { useEffect } from 'react';
import { openVaultInWorker, prepareKdfWorker } from '../../../transfer/workers';
import { prefetchFileObjects } from '../../../session/files/list-files';
import { useLocalOwner } from '../../../session/api/get-me';
import { useApi, useSession } from '../../../session/session-context';
import { checkGeneration, generationScope } from '../../../session/settings-generation';

/** Mutation: unlock the vault with a passphrase. Its worker starts while the passphrase is typed. */
export function useUnlockVault(settings: Uint8Array) {
  const { unlock } = useSession();
  const api = useApi();
  const owner = useLocalOwner();
  useEffect(() => prepareKdfWorker(), []);
  return useMutation({
    mutationFn: async (passphrase: string) => {
      // The file listing needs no key: it runs while Argon2id works, so the list shows sooner after unlocking.
      prefetchFileObjects(api);
      const started = performance.now();
      const opened = await openVaultInWorker(settings, passphrase);
      performance.measure('coffer:unlock-kdf', { start: started });
      // Measured for the settings screen's "unlocking takes about ... here" (worker start included, as users feel it).
      const derivationMs = performance.now() - started;
      const rollback = checkGeneration(localStorage, generationScope(owner, opened.vaultId), opened.generation);
      return { opened, derivationMs, rollback };
    },
    onSuccess: ({ opened: { masterKey, previousMasterKey }, derivationMs, rollback }) =>
      unlock(previousMasterKey === undefined ? { masterKey } : { masterKey, previousMasterKey }, rollback === undefined ? { derivationMs } : { derivationMs, rollback }),
  });
}
