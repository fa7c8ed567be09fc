/**
 * How strong a share password must be. The link carries the file key wrapped under Argon2id of the password
 * (format SPEC, DEFAULT_ARGON2: 128 MiB, 3 passes), so whoever holds the link and has fetched the file can guess
 * offline for as long as they like: the link's expiry, download limit and revocation do not bind their copy.
 *
 * What a guess costs there: Argon2id moves about 1.2 GB through memory per guess (3 passes over 128 MiB, two blocks
 * read and one written for each block made), so a GPU with ~1 TB/s of memory bandwidth manages at most ~10^3
 * guesses a second, and a rig of ten ~10^4 - zxcvbn's "offline slow hashing" rate. At that rate 10^12 guesses take
 * about three years (half that on average), a single GPU decades; zxcvbn's best score begins at 10^10 guesses,
 * which the rig gets through in under two weeks, so the score alone is too coarse and the guesses decide.
 */
import { MIN_LENGTH, type StrengthPolicy } from '../unlock/api/passphrase-strength';

/** The fewest guesses (log10) zxcvbn must estimate for a share password: 10^12 (see above). */
export const SHARE_PASSWORD_MIN_GUESSES_LOG10 = 12;

/** The share password's policy: at least MIN_LENGTH characters and 10^12 estimated guesses. */
export const SHARE_PASSWORD_POLICY: StrengthPolicy = Object.freeze({ minLength: MIN_LENGTH, minScore: 4, minGuessesLog10: SHARE_PASSWORD_MIN_GUESSES_LOG10 });

/** What to tell the owner about a weak share password. */
export const WEAK_SHARE_PASSWORD =
  'The password is too easy to guess for a link: whoever gets the link can try passwords offline for as long as they like. Three or four unusual words work well.';
