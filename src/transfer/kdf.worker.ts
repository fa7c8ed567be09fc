/// <reference lib="webworker" />
/**
 * The key-derivation worker: runs Argon2id (hash-wasm) for creating and unlocking a vault and for share passwords, off the main thread.
 * It is started for one derivation and terminated right after, because hash-wasm leaves memory of several times the
 * Argon2 memory cost unreclaimed in a long-lived context (measured: up to ~5x m).
 */
import * as Comlink from 'comlink';
import { argon2Key, changeVaultPassphrase, createVault, isFormatError, unlockVault, unwrapKeyWithPassword, wrapKeyWithPassword, type Argon2Params } from '../format';
import { registerWorkerErrors } from './worker-errors';

/** HKDF info of the bits compared to tell whether two master keys are the same key (never stored or sent). */
const KEY_CHECK_LABEL = new TextEncoder().encode('coffer/v1 key-check');

function keyCheck(masterKey: CryptoKey): Promise<ArrayBuffer> {
  return crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: KEY_CHECK_LABEL }, masterKey, 256);
}

const api = {
  /**
   * Loads Argon2id's WebAssembly (hash-wasm compiles a module once per context) with a negligible derivation, so the
   * real one that follows starts at once. Its output is thrown away.
   */
  async warm(): Promise<void> {
    await argon2Key('', new Uint8Array(16), { memoryKiB: 8, iterations: 1, parallelism: 1 });
  },
  /** Creates a new vault settings object and its master key (a non-extractable CryptoKey). */
  createVault(passphrase: string, argon2?: Argon2Params) {
    return createVault(passphrase, argon2 ? { argon2 } : undefined);
  },
  /** Unwraps the master key from a vault settings object. */
  unlockVault(settings: Uint8Array, passphrase: string) {
    return unlockVault(settings, passphrase);
  },
  /** Re-wraps a vault's master key under a new passphrase; null when the old passphrase does not open `settings`. */
  changeVaultPassphrase(settings: Uint8Array, oldPassphrase: string, newPassphrase: string): Promise<Uint8Array | null> {
    return changeVaultPassphrase(settings, oldPassphrase, newPassphrase).catch((error: unknown) => {
      if (isFormatError(error, 'wrong-key')) return null;
      throw error;
    });
  },
  /** Whether `settings` unlocks with `passphrase` to the very key `expected` (compared through HKDF output). */
  async opensTo(settings: Uint8Array, passphrase: string, expected: CryptoKey): Promise<boolean> {
    let unlocked: CryptoKey;
    try {
      unlocked = await unlockVault(settings, passphrase);
    } catch {
      return false;
    }
    const [a, b] = await Promise.all([keyCheck(unlocked), keyCheck(expected)]);
    const x = new Uint8Array(a);
    const y = new Uint8Array(b);
    return x.length === y.length && x.every((byte, i) => byte === y[i]);
  },
  /** Wraps a file key under a share password (Argon2id). */
  wrapKeyWithPassword(fileKey: Uint8Array, password: string) {
    return wrapKeyWithPassword(fileKey, password);
  },
  /** Unwraps a file key from a password-protected share link; null for a wrong password. */
  unwrapKeyWithPassword(wrapped: Uint8Array, password: string): Promise<Uint8Array | null> {
    return unwrapKeyWithPassword(wrapped, password).catch((error: unknown) => {
      if (isFormatError(error, 'wrong-key')) return null;
      throw error;
    });
  },
};

/** What the KDF worker offers, for the typed Comlink proxy on the main thread. */
export type KdfWorkerApi = typeof api;

// Typed errors (FormatError with its code...) reach the page as the same classes.
registerWorkerErrors();
Comlink.expose(api);
