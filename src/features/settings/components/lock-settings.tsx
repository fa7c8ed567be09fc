import { AUTO_LOCK_CHOICES, describeAutoLock, useAutoLockMinutes } from '../../../session/idle-lock';
import { useSession } from '../../../session/session-context';

/** Lock now, and how long the vault may stay idle before it locks itself (kept in this browser). */
export function LockSettings() {
  const { lock } = useSession();
  const [minutes, setMinutes] = useAutoLockMinutes();
  return (
    <section className="panel" aria-labelledby="lock-title">
      <h3 id="lock-title">Locking</h3>
      <p className="hint">Locking drops the vault key and everything decrypted from this tab. Your passphrase opens it again.</p>
      <div className="row">
        <label className="inline">
          Lock when idle
          <select value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
            {AUTO_LOCK_CHOICES.map((choice) => (
              <option key={choice} value={choice}>
                {describeAutoLock(choice)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={lock}>
          Lock now
        </button>
      </div>
    </section>
  );
}
