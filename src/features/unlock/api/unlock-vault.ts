/** Unlocks the vault: Argon2id in a short-lived worker unwraps the master key from the settings object. */
import { useMutation } from '@tanstack/react-query';
import { useEffect } from 'react';
import { prepareKdfWorker, unlockVaultInWorker } from '../../../transfer/workers';
import { prefetchFileObjects } from '../../files/api/list-files';
import { useApi, useSession } from '../../session/session-context';

/** Mutation: unlock the vault with a passphrase. Its worker starts while the passphrase is typed. */
export function useUnlockVault(settings: Uint8Array) {
  const { unlock } = useSession();
  const api = useApi();
  useEffect(() => prepareKdfWorker(), []);
  return useMutation({
    mutationFn: async (passphrase: string) => {
      // The file listing needs no key: it runs while Argon2id works, so the list shows sooner after unlocking.
      prefetchFileObjects(api);
      const started = performance.now();
      const masterKey = await unlockVaultInWorker(settings, passphrase);
      performance.measure('coffer:unlock-kdf', { start: started });
      // Measured for the settings screen's "unlocking takes about ... here" (worker start included, as users feel it).
      return { masterKey, derivationMs: performance.now() - started };
    },
    onSuccess: ({ masterKey, derivationMs }) => unlock(masterKey, derivationMs),
  });
}
