/**
 * Main-thread handles on Coffer's workers. Crypto never runs on the main thread: the UI stays responsive while
 * Argon2id and AES-GCM work.
 */
import * as Comlink from 'comlink';
import type { Argon2Params } from '../format';
import type { CryptoWorkerApi } from './crypto.worker';
import type { KdfWorkerApi } from './kdf.worker';

async function withKdfWorker<T>(run: (api: Comlink.Remote<KdfWorkerApi>) => Promise<T>): Promise<T> {
  const worker = new Worker(new URL('./kdf.worker.ts', import.meta.url), { type: 'module', name: 'coffer-kdf' });
  try {
    return await run(Comlink.wrap<KdfWorkerApi>(worker));
  } finally {
    worker.terminate();
  }
}

/** Creates a vault in a short-lived worker: returns the settings object's bytes and the master key. */
export function createVaultInWorker(passphrase: string, argon2?: Argon2Params) {
  return withKdfWorker((api) => api.createVault(passphrase, argon2));
}

/** Unlocks a vault in a short-lived worker: returns the master key (non-extractable). */
export function unlockVaultInWorker(settings: Uint8Array, passphrase: string) {
  return withKdfWorker((api) => api.unlockVault(settings, passphrase));
}

/** A file-crypto worker; `terminate()` drops it and anything it held. */
export interface CryptoWorker {
  readonly api: Comlink.Remote<CryptoWorkerApi>;
  terminate(): void;
}

/** Starts a file-crypto worker. */
export function startCryptoWorker(): CryptoWorker {
  const worker = new Worker(new URL('./crypto.worker.ts', import.meta.url), { type: 'module', name: 'coffer-crypto' });
  return { api: Comlink.wrap<CryptoWorkerApi>(worker), terminate: () => worker.terminate() };
}
