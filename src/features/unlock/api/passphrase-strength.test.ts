import { describe, expect, it } from 'vitest';
import { loadEstimator } from './passphrase-strength';

describe('passphrase strength (zxcvbn-ts)', () => {
  it('refuses common, short and patterned passphrases', async () => {
    const estimate = await loadEstimator();
    for (const weak of ['password123', 'qwertyuiopasdf', 'letmein2026!', 'aaaaaaaaaaaaaaaa', 'Tr0ub4dor']) {
      expect(estimate(weak).acceptable, weak).toBe(false);
    }
    expect(estimate('Tr0ub4dor').summary).toMatch(/at least 10 characters/);
  });

  it('accepts a passphrase of several uncommon words and says how long it would resist', async () => {
    const estimate = await loadEstimator();
    const strength = estimate('plinth marmot sequin fjord');
    expect(strength.acceptable).toBe(true);
    expect(strength.score).toBeGreaterThanOrEqual(3);
    expect(strength.summary).toMatch(/strong/);
  });
});
