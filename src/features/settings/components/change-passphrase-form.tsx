import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useToast } from '../../../components/ui/toast';
import { estimatorQuery, usePassphraseStrength } from '../../unlock/api/passphrase-strength';
import { PassphraseStrengthMeter } from '../../unlock/components/passphrase-strength-meter';
import { useChangePassphrase } from '../api/change-passphrase';
import { useExportSettings } from '../api/export-settings';

/** Changes the passphrase: the current one, a strong new one twice. Only the vault settings object is rewritten. */
export function ChangePassphraseForm() {
  const change = useChangePassphrase();
  const toast = useToast();
  const exporting = useExportSettings();
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const strength = usePassphraseStrength(next);
  const strengthId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    change.reset();
    const estimate = await queryClient.ensureQueryData(estimatorQuery);
    if (!estimate(next).acceptable) return setProblem('The new passphrase is too easy to guess. A few unusual words work well.');
    if (next !== repeat) return setProblem('The two new passphrases differ.');
    setProblem(null);
    change.mutate(
      { currentPassphrase: current, newPassphrase: next },
      {
        onSuccess: () => {
          setCurrent('');
          setNext('');
          setRepeat('');
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
        Changing it rewrites only the vault settings; no file is re-encrypted. Nobody can reset a forgotten passphrase.
      </p>
      <label>
        Current passphrase
        <input type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />
      </label>
      <label>
        New passphrase
        <input
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
          aria-describedby={strengthId}
          required
        />
      </label>
      <PassphraseStrengthMeter strength={strength} id={strengthId} />
      <label>
        Repeat new passphrase
        <input type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} required />
      </label>
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
