import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { estimatorQuery, usePassphraseStrength, type Strength } from './passphrase-strength';

/** A passphrase being chosen (for a new vault, or to replace the current one): typed twice, its strength shown. */
export interface NewPassphrase {
  /** What the fields call it: "passphrase" or "new passphrase". */
  noun: string;
  value: string;
  setValue(value: string): void;
  repeat: string;
  setRepeat(value: string): void;
  /** The estimate of `value`, or null while the estimator loads. */
  strength: Strength | null;
  /**
   * Null when the passphrase is strong enough and typed the same twice, else what to tell the user. Waits for the
   * estimator's dictionaries when they are still loading, rather than refuse the first try.
   */
  problem(): Promise<string | null>;
  /** Empties both fields. */
  clear(): void;
}

/** State and checks of a new passphrase; `noun` names it in labels and messages. */
export function useNewPassphrase(noun: 'passphrase' | 'new passphrase'): NewPassphrase {
  const queryClient = useQueryClient();
  const [value, setValue] = useState('');
  const [repeat, setRepeat] = useState('');
  const strength = usePassphraseStrength(value);
  return {
    noun,
    value,
    setValue,
    repeat,
    setRepeat,
    strength,
    async problem() {
      const estimate = await queryClient.ensureQueryData(estimatorQuery);
      if (!estimate(value).acceptable) return `The ${noun} is too easy to guess. A few unusual words work well.`;
      if (value !== repeat) return `The two ${noun}s differ.`;
      return null;
    },
    clear() {
      setValue('');
      setRepeat('');
    },
  };
}
