import { useId, useState, type FormEvent } from 'react';
import { useCreateVault } from '../api/create-vault';
import { useQueryClient } from '@tanstack/react-query';
import { estimatorQuery, usePassphraseStrength } from '../api/passphrase-strength';
import { PassphraseStrengthMeter } from './passphrase-strength-meter';

/** First visit: choose the passphrase that protects the new vault. */
export function CreateVaultForm() {
  const createVault = useCreateVault();
  const [passphrase, setPassphrase] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const strength = usePassphraseStrength(passphrase);
  const queryClient = useQueryClient();
  const strengthId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    // The estimator's dictionaries may still be loading: wait for them rather than refuse the first click.
    const estimate = await queryClient.ensureQueryData(estimatorQuery);
    if (!estimate(passphrase).acceptable) {
      setProblem('This passphrase is too easy to guess. A few unusual words work well.');
      return;
    }
    if (passphrase !== confirmation) {
      setProblem('The two passphrases differ.');
      return;
    }
    setProblem(null);
    createVault.mutate(passphrase);
  }

  const error = problem ?? (createVault.error ? `Could not create the vault: ${createVault.error.message}` : null);
  return (
    <form className="card" onSubmit={(event) => void submit(event)} aria-labelledby="create-title">
      <h2 id="create-title">Create your vault</h2>
      <p>
        Your passphrase encrypts everything in this browser. Nobody can reset it: if you lose it, your files are lost.
      </p>
      <label>
        Passphrase
        <input
          type="password"
          autoComplete="new-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          aria-describedby={strengthId}
          required
        />
      </label>
      <PassphraseStrengthMeter strength={strength} id={strengthId} />
      <label>
        Repeat passphrase
        <input
          type="password"
          autoComplete="new-password"
          value={confirmation}
          onChange={(e) => setConfirmation(e.target.value)}
          required
        />
      </label>
      {error && <p role="alert" className="error">{error}</p>}
      <button type="submit" disabled={createVault.isPending}>
        {createVault.isPending ? 'Creating vault…' : 'Create vault'}
      </button>
    </form>
  );
}
