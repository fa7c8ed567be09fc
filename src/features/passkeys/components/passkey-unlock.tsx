import { useMemo } from 'react';
import { inspectPasskeys, inspectVault } from '../../../format';
import { usePasskeyObject } from '../api/passkey-object';
import { useUnlockWithPasskey } from '../api/unlock-with-passkey';
import { passkeySupport, type PasskeySupport } from '../webauthn';

/** This vault's stored passkeys as the unlock screen sees them: the object, and whether this page can use passkeys. */
export interface UnlockPasskeys {
  object: Uint8Array;
  support: PasskeySupport;
}

/**
 * The passkeys to offer at unlock, or null when storage lists none for this vault. What storage lists is only what to
 * ask the authenticator for: whether a passkey opens the vault is for the unlock to tell.
 */
export function useUnlockPasskeys(settings: Uint8Array): UnlockPasskeys | null {
  const stored = usePasskeyObject();
  return useMemo(() => {
    const object = stored.data ?? null;
    if (object === null) return null;
    try {
      if (inspectPasskeys(object).vaultId !== inspectVault(settings).vaultId) return null;
    } catch {
      return null;
    }
    return { object, support: passkeySupport() };
  }, [stored.data, settings]);
}

/** "Unlock with passkey", first on the unlock screen (the passphrase form follows), or why this page cannot use it. */
export function PasskeyUnlock({ passkeys }: { passkeys: UnlockPasskeys }) {
  const unlock = useUnlockWithPasskey(passkeys.object);
  if (!passkeys.support.usable) return <p className="hint">This vault has passkeys, but they cannot be used here. {passkeys.support.reason}</p>;
  return (
    <>
      <button type="button" onClick={() => unlock.mutate()} disabled={unlock.isPending} autoFocus>
        {unlock.isPending ? 'Waiting for your passkey…' : 'Unlock with passkey'}
      </button>
      {unlock.isError && (
        <p role="alert" className="error">
          {unlock.error.message}
        </p>
      )}
      <p className="hint">Or use your passphrase:</p>
    </>
  );
}
