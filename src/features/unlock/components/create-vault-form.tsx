import { useState, type FormEvent } from 'react';
import { useCreateVault } from '../api/create-vault';
import { useNewPassphrase } from '../../../session/new-passphrase';
import { NewPassphraseFields } from '../../../session/components/new-passphrase-fields';

/** First visit: choose the passphrase that protects the new vault. */
export function CreateVaultForm() {
  const createVault = useCreateVault();
  const passphrase = useNewPassphrase('passphrase');
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = await passphrase.problem();
    setProblem(found);
    if (found === null) createVault.mutate(passphrase.value);
  }

  const error = problem ?? (createVault.error ? `Could not create the vault: ${createVault.error.message}` : null);
  return (
    <form className="card" onSubmit={(event) => void submit(event)} aria-labelledby="create-title">
      <h2 id="create-title">Create your vault</h2>
      <p>
        Your passphrase encrypts everything in this browser. Nobody can reset it: if you lose it, your files are lost.
      </p>
      <NewPassphraseFields passphrase={passphrase} />
      {error && <p role="alert" className="error">{error}</p>}
      <button type="submit" disabled={createVault.isPending}>
        {createVault.isPending ? 'Creating vault…' : 'Create vault'}
      </button>
    </form>
  );
}
