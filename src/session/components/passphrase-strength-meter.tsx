import type { Strength } from '../passphrase-strength';

/** A meter and a sentence about a new passphrase's (or password's: `label`) strength. */
export function PassphraseStrengthMeter({ strength, id, label = 'Passphrase strength' }: { strength: Strength | null; id: string; label?: string }) {
  return (
    <div className="strength" id={id} aria-live="polite">
      <meter min={0} max={4} low={2} high={3} optimum={4} value={strength?.score ?? 0} aria-label={label} />
      {strength && (
        <p className={strength.acceptable ? 'hint' : 'error'}>
          {strength.summary}
          {!strength.acceptable && strength.suggestions.length > 0 && ` ${strength.suggestions.join(' ')}`}
        </p>
      )}
    </div>
  );
}
