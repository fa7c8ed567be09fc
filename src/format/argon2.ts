/** Argon2id key-encryption keys for passphrase stanzas and the vault settings object. */
import { argon2id } from 'hash-wasm';
import { u32, utf8, type ByteReader } from './bytes';
import { KEY_LENGTH, MAX_ARGON2 } from './constants';
import { FormatError, type FormatErrorCode } from './errors';
import type { Argon2Params } from './types';

/** Serialized Argon2id parameters: memoryKiB, iterations, parallelism as big-endian u32. */
export const ARGON2_PARAMS_LENGTH = 12;

/** Encodes parameters for a stanza or settings object. */
export function encodeArgon2(p: Argon2Params): Uint8Array {
  const out = new Uint8Array(ARGON2_PARAMS_LENGTH);
  out.set(u32(p.memoryKiB), 0);
  out.set(u32(p.iterations), 4);
  out.set(u32(p.parallelism), 8);
  return out;
}

/** Reads and checks parameters. Invalid ones are `malformed`; ones above MAX_ARGON2 are 'limits-exceeded'. */
export function readArgon2(reader: ByteReader, malformed: FormatErrorCode): Argon2Params {
  const params = {
    memoryKiB: reader.u32('argon2 memory'),
    iterations: reader.u32('argon2 iterations'),
    parallelism: reader.u32('argon2 parallelism'),
  };
  checkArgon2(params, malformed);
  return params;
}

/** Throws unless parameters are valid Argon2id parameters within MAX_ARGON2 (checked before any derivation). */
export function checkArgon2(p: Argon2Params, malformed: FormatErrorCode): void {
  const ints = [p.memoryKiB, p.iterations, p.parallelism].every((v) => Number.isSafeInteger(v) && v >= 1);
  if (!ints || p.memoryKiB < 8 * p.parallelism) throw new FormatError(malformed, 'invalid Argon2id parameters');
  if (p.memoryKiB > MAX_ARGON2.memoryKiB || p.iterations > MAX_ARGON2.iterations || p.parallelism > MAX_ARGON2.parallelism) {
    throw new FormatError(
      'limits-exceeded',
      `Argon2id m=${p.memoryKiB} KiB, t=${p.iterations}, p=${p.parallelism} is above the cap m=${MAX_ARGON2.memoryKiB}, t=${MAX_ARGON2.iterations}, p=${MAX_ARGON2.parallelism}`,
    );
  }
}

/** The UTF-8 bytes of a passphrase in Unicode NFC. Why NFC: the same passphrase typed on macOS and Windows must match. */
export function passphraseBytes(passphrase: string): Uint8Array {
  return utf8(passphrase.normalize('NFC'));
}

/** Argon2id (version 0x13) of the NFC passphrase: 32 raw bytes. */
export async function argon2Key(passphrase: string, salt: Uint8Array, p: Argon2Params): Promise<Uint8Array> {
  return argon2id({
    password: passphraseBytes(passphrase),
    salt,
    memorySize: p.memoryKiB,
    iterations: p.iterations,
    parallelism: p.parallelism,
    hashLength: KEY_LENGTH,
    outputType: 'binary',
  });
}
