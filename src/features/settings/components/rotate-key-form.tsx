import { useState, type FormEvent } from 'react';
import { formatBytes } from '../../../components/ui/format-bytes';
import { useVault } from '../../../session/session-context';
import { useExportSettings } from '../api/export-settings';
import { useKeyRotation, type RotationState } from '../key-rotation';

function Progress({ state }: { state: Extract<RotationState, { status: 'running' }> }) {
  const { phase, filesDone, filesTotal, bytesDone, bytesTotal } = state.progress;
  const text =
    phase === 'checking'
      ? 'Rotating the vault key: checking which files still need the new key…'
      : phase === 'finishing'
        ? 'Rotating the vault key: removing the old key from the vault settings…'
        : `Rotating the vault key: ${filesDone} of ${filesTotal} files re-wrapped (${formatBytes(bytesDone)} of ${formatBytes(bytesTotal)} copied).`;
  return (
    <div>
      <p role="status">{text}</p>
      {phase === 'copying' && <progress max={bytesTotal || 1} value={bytesDone} aria-label="Key rotation progress" />}
      <p className="hint">Keep this tab open. If it closes, the rotation goes on the next time the vault is unlocked.</p>
    </div>
  );
}

/**
 * Rotating the vault key: what it does and does not do, the passphrase asked again before it starts, its progress,
 * and how an interrupted one goes on.
 */
export function RotateKeyForm() {
  const rotation = useKeyRotation();
  const { previousMasterKey } = useVault();
  const exporting = useExportSettings();
  const [passphrase, setPassphrase] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const { state } = rotation;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    try {
      await rotation.start(passphrase);
      setPassphrase('');
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  }

  return (
    <form className="panel" onSubmit={(event) => void submit(event)} aria-labelledby="rotate-title">
      <h3 id="rotate-title">Vault key</h3>
      <p className="hint">
        Rotating the vault key makes a new key, re-wraps every file’s key for it and then deletes the old key. The
        contents are copied as they are, through this browser, never re-encrypted: keep this tab open while it runs.
      </p>
      <p className="hint">
        Afterwards an old passphrase opens nothing, even with an old copy of the vault settings, and new files are safe
        from it. It does not change the files’ own keys: whoever kept a file’s old encrypted header and the old vault key
        can still decrypt that file as it was. Share links and open file requests keep working. Passkeys that unlock
        the vault hold the old key, so they are removed: register them again afterwards. Lock the vault in your other
        browsers first.
      </p>
      {state.status === 'running' && <Progress state={state} />}
      {state.status === 'stopped' && (
        <div role="alert" className="error">
          <p>The key rotation stopped: {state.error}</p>
          {state.failed.length > 0 && (
            <ul>
              {state.failed.map((f) => (
                <li key={f.key}>
                  {f.key}: {f.reason}
                </li>
              ))}
            </ul>
          )}
          <p>The files not yet re-wrapped still open with the old key until it finishes.</p>
        </div>
      )}
      {state.status === 'idle' && previousMasterKey !== undefined && (
        <p role="status">A key rotation is unfinished: files not yet re-wrapped still open with the old key until it finishes.</p>
      )}
      {(state.status === 'stopped' || (state.status === 'idle' && previousMasterKey !== undefined)) && (
        <div>
          <button type="button" onClick={rotation.resume}>
            Continue key rotation
          </button>
        </div>
      )}
      {state.status === 'finished' && (
        <>
          <p role="status">
            The vault key was rotated: every file now opens with the new key only.
            {state.unreadable > 0 && ` ${state.unreadable} stored object(s) opened with neither key and were left as they are.`}
          </p>
          {state.passkeysRemoved.length > 0 && (
            <p role="status">
              Passkeys removed with the old key: {state.passkeysRemoved.map((name) => `“${name}”`).join(', ')}. Register them again under Unlock
              with a passkey.
            </p>
          )}
          <p className="hint">An exported settings file from before the rotation no longer opens the files: export it again.</p>
          <div>
            <button type="button" className="secondary" onClick={() => exporting.mutate()} disabled={exporting.isPending}>
              Export vault settings again
            </button>
          </div>
        </>
      )}
      {((state.status === 'idle' && previousMasterKey === undefined) || state.status === 'starting' || state.status === 'finished') && (
        <>
          <label>
            Your passphrase
            <input type="password" autoComplete="current-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} required />
          </label>
          {problem && (
            <p role="alert" className="error">
              {problem}
            </p>
          )}
          <div>
            <button type="submit" disabled={state.status === 'starting'}>
              {state.status === 'starting' ? 'Starting the key rotation…' : 'Rotate vault key'}
            </button>
          </div>
        </>
      )}
    </form>
  );
}
