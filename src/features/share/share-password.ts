/**
 * How strong a share password must be: as strong as a vault passphrase, for the same reason. The link carries the file
 * key wrapped under Argon2id of the password (format SPEC, DEFAULT_ARGON2), so whoever holds the link and has fetched
 * the file can guess offline for as long as they like: the link's expiry, download limit and revocation do not bind
 * their copy. What that costs an attacker, and why 10^12 guesses: MIN_GUESSES_LOG10.
 */
import { VAULT_PASSPHRASE_POLICY, type StrengthPolicy } from '../../session/passphrase-strength';

/** The share password's policy: the vault passphrase's (at least 10 characters and 10^12 estimated guesses). */
export const SHARE_PASSWORD_POLICY: StrengthPolicy = VAULT_PASSPHRASE_POLICY;

/** What to tell the owner about a weak share password. */
export const WEAK_SHARE_PASSWORD =
  'The password is too easy to guess for a link: whoever gets the link can try passwords offline for as long as they like. Three or four unusual words work well.';
