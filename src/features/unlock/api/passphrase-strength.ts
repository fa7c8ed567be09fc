/**
 * Passphrase strength, estimated by zxcvbn-ts (dictionaries, keyboard patterns, dates, l33t): a well-kept library
 * rather than a home-made score. Its dictionaries are large, so they load on demand, once.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';

/** The weakest zxcvbn score a new vault accepts (3: "safely unguessable", about 10^10 guesses). */
export const MIN_SCORE = 3;
/** The shortest passphrase accepted, whatever its score. */
export const MIN_LENGTH = 10;

/** What the user sees about a passphrase. */
export interface Strength {
  score: 0 | 1 | 2 | 3 | 4;
  acceptable: boolean;
  /** Plain words: why it is weak, or how long it would resist. */
  summary: string;
  suggestions: string[];
}

type Estimator = (passphrase: string) => Strength;

const LABELS = ['very weak', 'weak', 'fair', 'strong', 'very strong'] as const;

/** Loads zxcvbn-ts with the common and English dictionaries. */
export async function loadEstimator(): Promise<Estimator> {
  const [{ ZxcvbnFactory }, common, en] = await Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]);
  const zxcvbn = new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return (passphrase) => {
    const result = zxcvbn.check(passphrase);
    const longEnough = passphrase.length >= MIN_LENGTH;
    const acceptable = longEnough && result.score >= MIN_SCORE;
    const warning = result.feedback.warning;
    const summary = !longEnough
      ? `Too short: use at least ${MIN_LENGTH} characters.`
      : warning
        ? `${LABELS[result.score]}: ${warning}`
        : `${LABELS[result.score]}: would take ${result.crackTimes.offlineSlowHashingXPerSecond.display} to guess offline.`;
    return { score: result.score, acceptable, summary, suggestions: result.feedback.suggestions };
  };
}

/** The estimator, loaded once per page. */
export const estimatorQuery = queryOptions({ queryKey: ['passphrase-estimator'], queryFn: loadEstimator, staleTime: Infinity });

/** The strength of a passphrase, or null while the estimator loads or the field is empty. */
export function usePassphraseStrength(passphrase: string): Strength | null {
  const estimator = useQuery(estimatorQuery).data;
  return useMemo(() => (estimator && passphrase ? estimator(passphrase) : null), [estimator, passphrase]);
}
