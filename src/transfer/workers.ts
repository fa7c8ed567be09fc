/**
 * Main-thread handles on Coffer's workers. Crypto never runs on the main thread: the UI stays responsive while
 * Argon2id and AES-GCM work.
 */
import * as Comlink from 'comlink';
import type { Argon2Params, NewPasskey, OpenedVault, VaultKeys } from '../format';
import type { CryptoWorkerApi } from './crypto.worker';
import type { KdfWorkerApi } from './kdf.worker';
import { registerWorkerErrors } from './worker-errors';

// Errors thrown in the workers arrive as their own classes (FormatError with its code...).
registerWorkerErrors();

interface KdfWorker {
  worker: Worker;
  api: Comlink.Remote<KdfWorkerApi>;
}

/** A KDF worker started ahead of the derivation it is for (see `prepareKdfWorker`); used once, like any other. */
let spare: KdfWorker | undefined;

function startKdfWorker(): KdfWorker {
  const worker = new Worker(new URL('./kdf.worker.ts', import.meta.url), { type: 'module', name: 'coffer-kdf' });
  return { worker, api: Comlink.wrap<KdfWorkerApi>(worker) };
}

/**
 * Starts the worker of the next derivation now - loaded, with Argon2id's WebAssembly compiled - so that a screen about
 * to ask for a passphrase does not make its user wait for that after the click. The worker still serves one derivation
 * and is terminated after it. Returns a function that terminates it if it was not used (for an effect's cleanup).
 */
export function prepareKdfWorker(): () => void {
  if (!spare) {
    spare = startKdfWorker();
    void spare.api.warm().catch(() => undefined);
  }
  const prepared = spare;
  return () => {
    if (spare !== prepared) return;
    spare = undefined;
    prepared.worker.terminate();
  };
}

async function withKdfWorker<T>(run: (api: Comlink.Remote<KdfWorkerApi>) => Promise<T>): Promise<T> {
  const kdf = spare ?? startKdfWorker();
  spare = undefined;
  try {
    return await run(kdf.api);
  } finally {
    kdf.worker.terminate();
  }
}

/** Creates a vault in a short-lived worker: returns the settings object's bytes and the master key. */
export function createVaultInWorker(passphrase: string, argon2?: Argon2Params) {
  return withKdfWorker((api) => api.createVault(passphrase, argon2));
}

/** Opens a vault in a short-lived worker: its keys (non-extractable), vault id and generation. */
export function openVaultInWorker(settings: Uint8Array, passphrase: string): Promise<OpenedVault> {
  return withKdfWorker((api) => api.openVault(settings, passphrase));
}

/** Unlocks a vault in a short-lived worker: returns the master key (non-extractable). */
export async function unlockVaultInWorker(settings: Uint8Array, passphrase: string): Promise<CryptoKey> {
  return (await openVaultInWorker(settings, passphrase)).masterKey;
}

/**
 * Re-wraps the vault master key under a new passphrase in a short-lived worker, at a generation above the object's
 * and `after`; null for a wrong old passphrase.
 */
export function changeVaultPassphraseInWorker(settings: Uint8Array, oldPassphrase: string, newPassphrase: string, after?: number): Promise<Uint8Array | null> {
  return withKdfWorker((api) => api.changeVaultPassphrase(settings, oldPassphrase, newPassphrase, after));
}

/** Starts a key rotation in a short-lived worker: the new settings object and both keys; null for a wrong passphrase. */
export function rotateVaultKeyInWorker(settings: Uint8Array, passphrase: string, after?: number) {
  return withKdfWorker((api) => api.rotateVaultKey(settings, passphrase, after));
}

/** Checks in a fresh worker that `settings` unlocks with `passphrase` to exactly the keys `expected`. */
export function vaultOpensToInWorker(settings: Uint8Array, passphrase: string, expected: CryptoKey | VaultKeys): Promise<boolean> {
  return withKdfWorker((api) => api.opensTo(settings, passphrase, expected));
}

/**
 * Registers a passkey in a short-lived worker (Argon2id for the passphrase, then the master key wrapped under the PRF
 * output): the new passkey object; null for a wrong passphrase. `existing`: the list it joins, or null for a new one.
 */
export function addPasskeyInWorker(settings: Uint8Array, passphrase: string, sessionKey: CryptoKey, existing: Uint8Array | null, passkey: NewPasskey): Promise<Uint8Array | null> {
  return withKdfWorker((api) => api.addPasskey(settings, passphrase, sessionKey, existing, passkey));
}

/** Wraps a file key under a share password in a short-lived worker (Argon2id, ~0.5 s). */
export function wrapKeyWithPasswordInWorker(fileKey: Uint8Array, password: string): Promise<Uint8Array> {
  return withKdfWorker((api) => api.wrapKeyWithPassword(fileKey, password));
}

/** Unwraps a password-protected share link's file key in a short-lived worker; null for a wrong password. */
export function unwrapKeyWithPasswordInWorker(wrapped: Uint8Array, password: string): Promise<Uint8Array | null> {
  return withKdfWorker((api) => api.unwrapKeyWithPassword(wrapped, password));
}

/** A pool of file-crypto workers; `terminate()` drops them and anything they held. */
export interface CryptoPool {
  /** How many workers it runs. */
  readonly size: number;
  /** Runs a task on the least busy worker. */
  run<T>(task: (api: Comlink.Remote<CryptoWorkerApi>) => Promise<T>): Promise<T>;
  terminate(): void;
}

/**
 * Starts a pool of file-crypto workers: two by default, since AES-GCM runs on the calling thread and two workers
 * encrypt ~1.6x faster than one on a two-core machine (measured); more cores allow up to four.
 */
export function startCryptoPool(size = Math.min(4, Math.max(2, (navigator.hardwareConcurrency || 2) - 1))): CryptoPool {
  const workers = Array.from({ length: size }, (_, i) => {
    const worker = new Worker(new URL('./crypto.worker.ts', import.meta.url), { type: 'module', name: `coffer-crypto-${i}` });
    return { worker, api: Comlink.wrap<CryptoWorkerApi>(worker), busy: 0 };
  });
  return {
    size,
    async run(task) {
      const chosen = workers.reduce((best, w) => (w.busy < best.busy ? w : best));
      chosen.busy++;
      try {
        return await task(chosen.api);
      } finally {
        chosen.busy--;
      }
    },
    terminate() {
      for (const { worker } of workers) worker.terminate();
    },
  };
}
