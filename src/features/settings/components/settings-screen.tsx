import { PasskeySettings } from '../../passkeys/components/passkey-settings';
import { ChangePassphraseForm } from './change-passphrase-form';
import { ConnectionSettings } from './connection-settings';
import { LockSettings } from './lock-settings';
import { RecoverySettings } from './recovery-settings';
import { RotateKeyForm } from './rotate-key-form';

/** The vault's settings: locking, passphrase, passkeys, vault key rotation, key derivation and recovery export, endpoint and token. */
export function SettingsScreen() {
  return (
    <section aria-labelledby="settings-title" className="settings">
      <h2 id="settings-title">Settings</h2>
      <LockSettings />
      <ChangePassphraseForm />
      <PasskeySettings />
      <RotateKeyForm />
      <RecoverySettings />
      <ConnectionSettings />
    </section>
  );
}
