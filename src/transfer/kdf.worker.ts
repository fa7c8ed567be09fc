/// <reference lib="webworker" />
/**
 * The key-derivation worker: runs Argon2id (hash-wasm) for creating, unlocking, re-keying a vault and for share passwords, off the main thread.
 * It is started for one derivation and terminated right after, because hash-wasm leaves memory of several times the
 * Argon2 memory cost unreclaimed in a long-lived context (measured: up to ~5x m).
 */
import * as Comlink from 'comlink';
import {
  addPasskey,
  argon2Key,
  changeVaultPassphrase,
  createVault,
  isFormatError,
  openVault,
  rotateVaultKey,
  unwrapKeyWithPassword,
  vaultState,
  wrapKeyWithPassword,
  type Argon2Params,
  type NewPasskey,
  type OpenedVault,
  type VaultKeys,
} from '../format';
import { registerWorkerErrors } from './worker-errors';

/** HKDF info of the bits compared to tell whether two master keys are the same key (never stored or sent). */
const KEY_CHECK_LABEL = new TextEncoder().encode('coffer/v1 key-check');

function keyCheck(masterKey: CryptoKey): Promise<ArrayBuffer> {
  return crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: KEY_CHECK_LABEL }, masterKey, 256);
}

async function sameKey(a: CryptoKey | undefined, b: CryptoKey | undefined): Promise<boolean> {
  if (a === undefined || b === undefined) return a === b;
  const [x, y] = (await Promise.all([keyCheck(a), keyCheck(b)])).map((bits) => new Uint8Array(bits));
  return x !== undefined && y !== undefined && x.length === y.length && x.every((byte, i) => byte === y[i]);
}

/** A wrong passphrase as null (a FormatError's code does not survive the trip to the page); other errors as they are. */
function nullIfWrongKey(error: unknown): null {
  if (isFormatError(error, 'wrong-key')) return null;
  throw error;
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
  /** Opens a vault settings object: its keys (a rotation's previous key too), vault id and generation. */
  openVault(settings: Uint8Array, passphrase: string): Promise<OpenedVault> {
    return openVault(settings, passphrase);
  },
  /**
   * Re-wraps a vault's master key under a new passphrase, at a generation above both the object's and `after` (the
   * newest this browser saw); null when the old passphrase does not open `settings`.
   */
  changeVaultPassphrase(settings: Uint8Array, oldPassphrase: string, newPassphrase: string, after?: number): Promise<Uint8Array | null> {
    return changeVaultPassphrase(settings, oldPassphrase, newPassphrase, after === undefined ? undefined : { after }).catch(nullIfWrongKey);
  },
  /** Starts a key rotation (a new master key, the current one kept as the previous key); null for a wrong passphrase. */
  rotateVaultKey(settings: Uint8Array, passphrase: string, after?: number) {
    return rotateVaultKey(settings, passphrase, after === undefined ? undefined : { after }).catch(nullIfWrongKey);
  },
  /** Whether `settings` unlocks with `passphrase` to the very keys `expected` (compared through HKDF output). */
  async opensTo(settings: Uint8Array, passphrase: string, expected: CryptoKey | VaultKeys): Promise<boolean> {
    let opened: OpenedVault;
    try {
      opened = await openVault(settings, passphrase);
    } catch {
      return false;
    }
    const keys = expected instanceof CryptoKey ? { masterKey: expected, previousMasterKey: undefined } : expected;
    return (await sameKey(opened.masterKey, keys.masterKey)) && (await sameKey(opened.previousMasterKey, keys.previousMasterKey));
  },
  /**
   * Registers a passkey (format SPEC section 14): `settings` opened with the passphrase here, the raw master key
   * wrapped under the passkey's PRF output and zeroed; the page never holds it. Refuses settings whose key tag does
   * not verify under `sessionKey` (another vault than the one open); null for a wrong passphrase.
   */
  async addPasskey(settings: Uint8Array, passphrase: string, sessionKey: CryptoKey, existing: Uint8Array | null, passkey: NewPasskey): Promise<Uint8Array | null> {
    if (!(await vaultState(settings, sessionKey).then((state) => state !== null, () => false))) {
      throw new Error('The vault settings in storage do not belong to the vault that is open here (changed elsewhere?). Nothing was stored: lock and unlock, then try again.');
    }
    try {
      return await addPasskey(settings, passphrase, existing, passkey).catch(nullIfWrongKey);
    } finally {
      passkey.prfOutput.fill(0);
    }
  },
  /** Wraps a file key under a share password (Argon2id). */
  wrapKeyWithPassword(fileKey: Uint8Array, password: string) {
    return wrapKeyWithPassword(fileKey, password);
  },
  /** Unwraps a file key from a password-protected share link; null for a wrong password. */
  unwrapKeyWithPassword(wrapped: Uint8Array, password: string): Promise<Uint8Array | null> {
    return unwrapKeyWithPassword(wrapped, password).catch(nullIfWrongKey);
  },
};

/** What the KDF worker offers, for the typed Comlink proxy on the main thread. */
export type KdfWorkerApi = typeof api;

// Typed errors (FormatError with its code...) reach the page as the same classes.
registerWorkerErrors();
Comlink.expose(api);
