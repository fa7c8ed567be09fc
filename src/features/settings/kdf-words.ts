/** The vault's key derivation in plain words, for the settings screen. */
import type { Argon2Params } from '../../format';

function mebibytes(kib: number): string {
  const mib = kib / 1024;
  return Number.isInteger(mib) ? `${mib} MiB` : `${mib.toFixed(1)} MiB`;
}

function duration(ms: number): string {
  return ms < 100 ? 'under 0.1 s' : `about ${(ms / 1000).toFixed(1)} s`;
}

/**
 * E.g. "Argon2id with 128 MiB of memory and 3 passes: unlocking took about 0.7 s here; each guess at your passphrase
 * costs an attacker the same memory and passes." `derivationMs` is what this browser measured, when known.
 */
export function describeKdf(argon2: Argon2Params, derivationMs?: number): string {
  const passes = argon2.iterations === 1 ? '1 pass' : `${argon2.iterations} passes`;
  const lanes = argon2.parallelism > 1 ? ` in ${argon2.parallelism} lanes` : '';
  const what = `Argon2id with ${mebibytes(argon2.memoryKiB)} of memory and ${passes}${lanes}`;
  const timing = derivationMs === undefined ? '' : `: unlocking took ${duration(derivationMs)} here`;
  return `${what}${timing}; each guess at your passphrase costs an attacker the same memory and passes.`;
}
