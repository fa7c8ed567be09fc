import { describe, expect, it } from 'vitest';
import { loadEstimator } from '../../session/passphrase-strength';
import { SHARE_PASSWORD_POLICY } from './share-password';

describe('the share password policy (zxcvbn-ts, 10^12 guesses)', () => {
  it('refuses what an offline attacker against Argon2id gets through in months, even when zxcvbn scores it 4', async () => {
    const estimate = await loadEstimator();
    for (const weak of ['password123', 'kestrel violin', 'Tr0ub4dor&3', 'hunter2hunter2', 'qX7#pL2!']) {
      expect(estimate(weak, SHARE_PASSWORD_POLICY).acceptable, weak).toBe(false);
    }
    expect(estimate('Tr0ub4dor&3', SHARE_PASSWORD_POLICY).score).toBe(4);
    expect(estimate('Tr0ub4dor&3', SHARE_PASSWORD_POLICY).summary).toMatch(/^Not strong enough here: would take only .* Add another unusual word\.$/);
  });

  it('accepts three unusual words, as the vault passphrase does', async () => {
    const estimate = await loadEstimator();
    const strength = estimate('magnet walrus pepper', SHARE_PASSWORD_POLICY);
    expect(strength.acceptable).toBe(true);
    expect(strength.guessesLog10).toBeGreaterThanOrEqual(12);
    expect(estimate('magnet walrus pepper').acceptable).toBe(true);
  });
});
