/** Unlocks the vault: Argon2id in a short-lived worker unwraps the master key from the settings object. */
import { useMutation } from '@tanstack/react-query';
import { unlockVaultInWorker } from '../../../transfer/workers';
import { useSession } from '../../session/session-context';

/** Mutation: unlock the vault with a passphrase. */
export function useUnlockVault(settings: Uint8Array) {
  const { unlock } = useSession();
  return useMutation({
    mutationFn: (passphrase: string) => unlockVaultInWorker(settings, passphrase),
    onSuccess: (masterKey) => unlock(masterKey),
  });
}
