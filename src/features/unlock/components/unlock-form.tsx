import { useState, type FormEvent } from 'react';
import { isFormatError } from '../../../format';
import { PasskeyUnlock, useUnlockPasskeys } from '../../passkeys/components/passkey-unlock';
import { useUnlockVault } from '../api/unlock-vault';

/**
 * Why the vault did not open, in one sentence. A wrong passphrase and changed settings look alike by design (the
 * format cannot tell them apart), so the sentence names both, the likely one first.
 */
function unlockProblem(error: Error): string {
  if (isFormatError(error, 'wrong-key')) return 'Wrong passphrase, or the vault settings were changed: check it and try again.';
  return `Could not unlock: ${error.message}`;
}

/** Unlocks an existing vault with a passkey, when it has some, or with its passphrase (always offered). */
export function UnlockForm({ settings }: { settings: Uint8Array }) {
  const unlock = useUnlockVault(settings);
  const passkeys = useUnlockPasskeys(settings);
  const [passphrase, setPassphrase] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    unlock.mutate(passphrase);
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby="unlock-title">
      <h2 id="unlock-title">Unlock your vault</h2>
      <p className="hint">Your files are decrypted in this browser only; the passphrase never leaves it.</p>
      {passkeys && <PasskeyUnlock passkeys={passkeys} />}
      <label>
        Passphrase
        <input
          type="password"
          autoComplete="current-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          required
          autoFocus={!passkeys?.support.usable}
        />
      </label>
      {unlock.isError && (
        <p role="alert" className="error">
          {unlockProblem(unlock.error)}
        </p>
      )}
      <button type="submit" className={passkeys?.support.usable ? 'secondary' : undefined} disabled={unlock.isPending}>
        {unlock.isPending ? 'Unlocking…' : 'Unlock'}
      </button>
    </form>
  );
}
