import { describe, expect, it } from 'vitest';
import { loadEstimator } from './passphrase-strength';

describe('passphrase strength (zxcvbn-ts)', () => {
  it('refuses common, short and patterned passphrases', async () => {
    const estimate = await loadEstimator();
    for (const weak of ['password123', 'qwertyuiopasdf', 'letmein2026!', 'aaaaaaaaaaaaaaaa', 'Tr0ub4dor', 'kestrel violin', 'Tr0ub4dor&3']) {
      expect(estimate(weak).acceptable, weak).toBe(false);
    }
    expect(estimate('Tr0ub4dor').summary).toMatch(/at least 10 characters/);
    // zxcvbn scores it 4 ("very strong"), yet an offline attacker against Argon2id gets through 10^11 guesses in months.
    expect(estimate('Tr0ub4dor&3').score).toBe(4);
  });

  it('accepts a passphrase of several uncommon words and says how long it would resist', async () => {
    const estimate = await loadEstimator();
    const strength = estimate('plinth marmot sequin fjord');
    expect(strength.acceptable).toBe(true);
    expect(strength.guessesLog10).toBeGreaterThanOrEqual(12);
    expect(strength.summary).toMatch(/strong/);
  });
});
