/** Unlocks the vault: Argon2id in a short-lived worker unwraps the master key from the settings object. */
import { useMutation } from '@tanstack/react-query';
import { unlockVaultInWorker } from '../../../transfer/workers';
import { useSession } from '../../session/session-context';

/** Mutation: unlock the vault with a passphrase. */
export function useUnlockVault(settings: Uint8Array) {
  const { unlock } = useSession();
  return useMutation({
    mutationFn: async (passphrase: string) => {
      const started = performance.now();
      const masterKey = await unlockVaultInWorker(settings, passphrase);
      // Measured for the settings screen's "unlocking takes about ... here" (worker start included, as users feel it).
      return { masterKey, derivationMs: performance.now() - started };
    },
    onSuccess: ({ masterKey, derivationMs }) => unlock(masterKey, derivationMs),
  });
}
