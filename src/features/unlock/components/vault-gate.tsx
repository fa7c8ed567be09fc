import { useVaultSettings } from '../../../session/vault-settings';
import { CreateVaultForm } from './create-vault-form';
import { UnlockForm } from './unlock-form';

/** Shows "create" on first visit and "unlock" afterwards, from the settings object in S3. */
export function VaultGate() {
  const settings = useVaultSettings();
  if (settings.isPending) return <p role="status">Looking for your vault…</p>;
  if (settings.isError) {
    return (
      <div className="card" role="alert">
        <p className="error">Could not reach your vault: {settings.error.message}</p>
        <button type="button" onClick={() => void settings.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  return settings.data ? <UnlockForm settings={settings.data} /> : <CreateVaultForm />;
}
