import { useId } from 'react';
import type { NewPassphrase } from '../new-passphrase';
import { PassphraseStrengthMeter } from './passphrase-strength-meter';

/** The fields of a new passphrase: the passphrase, described by its strength meter, then the same again. */
export function NewPassphraseFields({ passphrase }: { passphrase: NewPassphrase }) {
  const strengthId = useId();
  const { noun } = passphrase;
  return (
    <>
      <label>
        {noun.charAt(0).toUpperCase() + noun.slice(1)}
        <input
          type="password"
          autoComplete="new-password"
          value={passphrase.value}
          onChange={(e) => passphrase.setValue(e.target.value)}
          aria-describedby={strengthId}
          required
        />
      </label>
      <PassphraseStrengthMeter strength={passphrase.strength} id={strengthId} />
      <label>
        Repeat {noun}
        <input type="password" autoComplete="new-password" value={passphrase.repeat} onChange={(e) => passphrase.setRepeat(e.target.value)} required />
      </label>
    </>
  );
}
