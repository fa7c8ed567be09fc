import { useMemo } from 'react';
import { inspectVault } from '../../../format';
import { useToast } from '../../../components/ui/toast';
import { useVault } from '../../../session/session-context';
import { useVaultSettings } from '../../../session/vault-settings';
import { EXPORT_FILE_NAME, useExportSettings } from '../api/export-settings';
import { describeKdf } from '../kdf-words';

/** The key derivation in plain words, and the export of the settings object for the recovery CLI. */
export function RecoverySettings() {
  const settings = useVaultSettings();
  const { derivationMs } = useVault();
  const exporting = useExportSettings();
  const toast = useToast();
  const facts = useMemo(() => (settings.data ? inspectVault(settings.data) : null), [settings.data]);
  return (
    <section className="panel" aria-labelledby="recovery-title">
      <h3 id="recovery-title">Key and recovery</h3>
      {facts && (
        <>
          <p>
            <strong>Passphrase protection:</strong> {describeKdf(facts.argon2, derivationMs)}
          </p>
          <p className="hint">
            Vault id <code>{facts.vaultId}</code>, settings revision {facts.generation}
          </p>
        </>
      )}
      <p>
        The settings file holds the vault key, locked by your passphrase. With it, your passphrase and a file copied
        from the storage, Coffer’s recovery command{' '}
        <code>coffer decrypt file.coffer -o file --vault {EXPORT_FILE_NAME} --passphrase-file pass.txt</code> opens
        your files without this app or its server.
      </p>
      {exporting.isError && (
        <p role="alert" className="error">
          Could not export the settings: {exporting.error.message}
        </p>
      )}
      <div>
        <button
          type="button"
          className="secondary"
          disabled={exporting.isPending}
          onClick={() => exporting.mutate(undefined, { onSuccess: () => toast.show({ message: `Vault settings saved as ${EXPORT_FILE_NAME}.` }) })}
        >
          Export vault settings
        </button>
      </div>
    </section>
  );
}
