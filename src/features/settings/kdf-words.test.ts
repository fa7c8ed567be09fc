import { describe, expect, it } from 'vitest';
import { describeKdf } from './kdf-words';

describe('describeKdf', () => {
  it('says the cost and the measured time in plain words', () => {
    expect(describeKdf({ memoryKiB: 131072, iterations: 3, parallelism: 1 }, 712)).toBe(
      'Argon2id with 128 MiB of memory and 3 passes: unlocking took about 0.7 s here; each guess at your passphrase costs an attacker the same memory and passes.',
    );
  });

  it('names lanes, a single pass, odd sizes and leaves the time out when unmeasured', () => {
    expect(describeKdf({ memoryKiB: 19456, iterations: 1, parallelism: 4 })).toBe(
      'Argon2id with 19 MiB of memory and 1 pass in 4 lanes; each guess at your passphrase costs an attacker the same memory and passes.',
    );
    expect(describeKdf({ memoryKiB: 1500, iterations: 2, parallelism: 1 }, 2345)).toContain('1.5 MiB of memory and 2 passes: unlocking took about 2.3 s here');
  });
});
