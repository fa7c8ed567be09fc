import { useState } from 'react';
import { useVault } from '../../../session/session-context';

/**
 * Shown after unlocking settings older than ones this browser opened before (format SPEC section 6): what it means
 * and what to do. It stays until closed.
 */
export function RollbackWarning() {
  const { rollback } = useVault();
  const [closed, setClosed] = useState(false);
  if (!rollback || closed) return null;
  return (
    <section className="card warning" role="alert" aria-labelledby="rollback-title">
      <h2 id="rollback-title">Older vault settings were opened</h2>
      <p>
        This browser opened revision {rollback.seen} of this vault’s settings before, but the settings in storage are revision{' '}
        {rollback.opened}. Someone put an older copy of the vault settings back in the storage: a passphrase you have
        since changed may open the vault again with it, and if you rotated the vault key, the old key is back in use.
      </p>
      <p>
        If you did not restore it yourself: change your passphrase now, then rotate the vault key (Settings), and ask
        whoever runs your storage how an old copy came back. Until then, treat the old passphrase as able to open the
        vault. A key rotation that was under way does not go on by itself: continue it in Settings.
      </p>
      <div>
        <button type="button" className="secondary" onClick={() => setClosed(true)}>
          I understand
        </button>
      </div>
    </section>
  );
}
