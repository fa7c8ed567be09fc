import { useState, type FormEvent } from 'react';
import { useToast } from '../../../components/ui/toast';
import { NewPassphraseFields } from '../../../session/components/new-passphrase-fields';
import { useNewPassphrase } from '../../../session/new-passphrase';
import { useChangePassphrase } from '../api/change-passphrase';
import { useExportSettings } from '../api/export-settings';

/** Changes the passphrase: the current one, a strong new one twice. Only the vault settings object is rewritten; it revokes nothing. */
export function ChangePassphraseForm() {
  const change = useChangePassphrase();
  const toast = useToast();
  const exporting = useExportSettings();
  const [current, setCurrent] = useState('');
  const next = useNewPassphrase('new passphrase');
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    change.reset();
    const found = await next.problem();
    setProblem(found);
    if (found !== null) return;
    change.mutate(
      { currentPassphrase: current, newPassphrase: next.value },
      {
        onSuccess: () => {
          setCurrent('');
          next.clear();
          // A settings file kept for recovery still opens with the old passphrase: offer a fresh one.
          toast.show({
            message: 'Passphrase changed. Use the new one from now on, in every browser; export the settings file again if you keep one.',
            durationMs: 12_000,
            action: { label: 'Export settings', onAction: () => exporting.mutate() },
          });
        },
      },
    );
  }

  const error = problem ?? (change.error ? change.error.message : null);
  return (
    <form className="panel" onSubmit={(event) => void submit(event)} aria-labelledby="passphrase-title">
      <h3 id="passphrase-title">Passphrase</h3>
      <p className="hint">
        Changing it re-wraps the same vault key under the new passphrase: only the vault settings are rewritten, no
        file. It does not lock anyone out: whoever knew the old passphrase and kept a copy of the old settings (an
        export, a backup, an old version in the storage) can still open the vault with it, and every file keeps its key.
        To shut an old passphrase out, change it and then rotate the vault key. Nobody can reset a forgotten passphrase.
      </p>
      <label>
        Current passphrase
        <input type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />
      </label>
      <NewPassphraseFields passphrase={next} />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div>
        <button type="submit" disabled={change.isPending}>
          {change.isPending ? 'Changing passphrase…' : 'Change passphrase'}
        </button>
      </div>
    </form>
  );
}
