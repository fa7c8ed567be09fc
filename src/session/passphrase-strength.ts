/**
 * Passphrase strength, estimated by zxcvbn-ts (dictionaries, keyboard patterns, dates, l33t): a well-kept library
 * rather than a home-made score. Its dictionaries are large, so they load on demand, once.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';

/** The shortest passphrase accepted, whatever its score. */
export const MIN_LENGTH = 10;
/**
 * The fewest guesses (log10) zxcvbn must estimate for a passphrase that guards a key offline: 10^12.
 *
 * Both of Coffer's passphrases can be guessed offline for as long as an attacker likes: the vault's settings object
 * is in the bucket (the storage operator, or anyone who copies the bucket, has it), and a share link carries the file
 * key wrapped under its password. Each guess is one Argon2id at DEFAULT_ARGON2 (format SPEC: 128 MiB, 3 passes), which
 * moves about 1.2 GB through memory, so a GPU with ~1 TB/s of memory bandwidth manages at most ~10^3 guesses a second
 * and a rig of ten ~10^4 - zxcvbn's "offline slow hashing" rate. At that rate 10^12 guesses take about three years
 * (half that on average), a single GPU decades. zxcvbn's best score begins at 10^10 guesses, which the rig gets
 * through in under two weeks (its score 3, from 10^8, in under three hours), so the score alone is too coarse and the
 * guesses decide. Three or four unusual words clear it.
 */
export const MIN_GUESSES_LOG10 = 12;

/** What a passphrase must resist to be accepted. */
export interface StrengthPolicy {
  minLength: number;
  /** The weakest zxcvbn score accepted. */
  minScore: 0 | 1 | 2 | 3 | 4;
  /** The fewest guesses zxcvbn must estimate (log10), where its five scores are too coarse. */
  minGuessesLog10?: number;
}

/** The vault passphrase's policy: at least MIN_LENGTH characters and 10^12 estimated guesses (MIN_GUESSES_LOG10). */
export const VAULT_PASSPHRASE_POLICY: StrengthPolicy = Object.freeze({ minLength: MIN_LENGTH, minScore: 4, minGuessesLog10: MIN_GUESSES_LOG10 });

/** What the user sees about a passphrase. */
export interface Strength {
  score: 0 | 1 | 2 | 3 | 4;
  /** zxcvbn's estimate of the guesses an attacker needs, log10. */
  guessesLog10: number;
  acceptable: boolean;
  /** Plain words: why it is weak, or how long it would resist. */
  summary: string;
  suggestions: string[];
}

type Estimator = (passphrase: string, policy?: StrengthPolicy) => Strength;

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
  return (passphrase, policy = VAULT_PASSPHRASE_POLICY) => {
    const result = zxcvbn.check(passphrase);
    const longEnough = passphrase.length >= policy.minLength;
    const strongEnough = result.score >= policy.minScore && result.guessesLog10 >= (policy.minGuessesLog10 ?? 0);
    const acceptable = longEnough && strongEnough;
    const warning = result.feedback.warning;
    const guessTime = result.crackTimes.offlineSlowHashingXPerSecond.display;
    const summary = !longEnough
      ? `Too short: use at least ${policy.minLength} characters.`
      : warning
        ? `${LABELS[result.score]}: ${warning}`
        : strongEnough
          ? `${LABELS[result.score]}: would take ${guessTime} to guess offline.`
          : `Not strong enough here: would take only ${guessTime} to guess offline. Add another unusual word.`;
    return { score: result.score, guessesLog10: result.guessesLog10, acceptable, summary, suggestions: result.feedback.suggestions };
  };
}

/** The estimator, loaded once per page. */
export const estimatorQuery = queryOptions({ queryKey: ['passphrase-estimator'], queryFn: loadEstimator, staleTime: Infinity });

/** The strength of a passphrase under a policy (the vault's by default), or null while the estimator loads or the field is empty. */
export function usePassphraseStrength(passphrase: string, policy: StrengthPolicy = VAULT_PASSPHRASE_POLICY): Strength | null {
  const estimator = useQuery(estimatorQuery).data;
  return useMemo(() => (estimator && passphrase ? estimator(passphrase, policy) : null), [estimator, passphrase, policy]);
}
