/**
 * The unlocked vault and the life of its crypto workers, outside React's state: unlocking starts a pool (ending the
 * one before), locking ends it. React reads the vault through useSyncExternalStore, and only event handlers and
 * effect cleanups call `unlock` and `lock` - never a state updater or a render, which React may run twice
 * (StrictMode, and concurrent renders that start over): there, each extra run started a pool nobody ended, or ended
 * the pool of the vault in use.
 */
import { startCryptoPool, type CryptoPool } from '../../transfer/workers';

/** An unlocked vault: its master key (non-extractable) and the workers that use it. */
export interface UnlockedVault {
  masterKey: CryptoKey;
  pool: CryptoPool;
  /** How long deriving the key from the passphrase took in this browser (Argon2id), in ms, when measured. */
  derivationMs?: number;
}

/** Holds at most one unlocked vault, and exactly one running pool while it does. */
export interface VaultKeeper {
  /** The unlocked vault, or null (the same object until it changes: a useSyncExternalStore snapshot). */
  current(): UnlockedVault | null;
  /** Calls `listener` after each change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Holds this key with a fresh pool; the pool of a vault held before ends first. */
  unlock(masterKey: CryptoKey, derivationMs?: number): void;
  /** Drops the key and ends its pool; nothing when already locked. */
  lock(): void;
}

/** A keeper that starts pools with `startPool` (the crypto workers; tests count them instead). */
export function createVaultKeeper(startPool: () => CryptoPool = startCryptoPool): VaultKeeper {
  let vault: UnlockedVault | null = null;
  const listeners = new Set<() => void>();
  const change = (next: UnlockedVault | null) => {
    vault?.pool.terminate();
    vault = next;
    for (const listener of [...listeners]) listener();
  };
  return {
    current: () => vault,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    unlock(masterKey, derivationMs) {
      change({ masterKey, pool: startPool(), ...(derivationMs === undefined ? {} : { derivationMs }) });
    },
    lock() {
      if (vault !== null) change(null);
    },
  };
}
