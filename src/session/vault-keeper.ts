/**
 * The unlocked vault and the life of its crypto workers, outside React's state: unlocking starts a pool (ending the
 * one before), locking ends it. React reads the vault through useSyncExternalStore, and only event handlers and
 * effect cleanups call `unlock`, `setKeys` and `lock` - never a state updater or a render, which React may run twice
 * (StrictMode, and concurrent renders that start over): there, each extra run started a pool nobody ended, or ended
 * the pool of the vault in use.
 */
import type { VaultKeys } from '../format';
import { startCryptoPool, type CryptoPool } from '../transfer/workers';

/** Settings opened that are older than ones this browser opened before for the same vault (format SPEC section 6). */
export interface SettingsRollback {
  /** The newest generation this browser opened before. */
  seen: number;
  /** The generation of the settings just opened. */
  opened: number;
}

/** What `unlock` receives beside the keys. */
export interface UnlockDetails {
  /** How long deriving the key from the passphrase took in this browser (Argon2id), in ms, when measured. */
  derivationMs?: number;
  rollback?: SettingsRollback;
}

/**
 * An unlocked vault: its keys (non-extractable) and the workers that use them. A key rotation changes the keys in
 * place (`setKeys`), so whoever holds this object (the upload queue, an open dialog) uses the new master key from its
 * next operation on: read them at the moment of use, never copy them.
 */
export interface UnlockedVault {
  /** The master key: every new file, name and key pair is written for it. */
  readonly masterKey: CryptoKey;
  /** While a key rotation is unfinished: the master key before it, which files not yet re-wrapped still need. */
  readonly previousMasterKey?: CryptoKey;
  readonly pool: CryptoPool;
  /** How long deriving the key from the passphrase took in this browser (Argon2id), in ms, when measured. */
  readonly derivationMs?: number;
  /** Set when the settings opened are older than ones this browser opened before (a restored copy). */
  readonly rollback?: SettingsRollback;
}

/** The keys of a vault as workers take them (a plain object: an UnlockedVault also holds the workers themselves). */
export function vaultKeys(vault: UnlockedVault): VaultKeys {
  return vault.previousMasterKey === undefined ? { masterKey: vault.masterKey } : { masterKey: vault.masterKey, previousMasterKey: vault.previousMasterKey };
}

/** The keys of one unlocked vault, shared by every snapshot made for it. */
interface Keyring {
  keys: VaultKeys;
}

/** A snapshot of the unlocked vault: its keys are read from the keyring, which a rotation changes for every snapshot. */
class KeptVault implements UnlockedVault {
  constructor(
    private readonly keyring: Keyring,
    readonly pool: CryptoPool,
    private readonly details: UnlockDetails,
  ) {}
  get masterKey(): CryptoKey {
    return this.keyring.keys.masterKey;
  }
  get previousMasterKey(): CryptoKey | undefined {
    return this.keyring.keys.previousMasterKey;
  }
  get derivationMs(): number | undefined {
    return this.details.derivationMs;
  }
  get rollback(): SettingsRollback | undefined {
    return this.details.rollback;
  }
  /** A new snapshot on the same keyring and workers (so that React sees a change). */
  renewed(): KeptVault {
    return new KeptVault(this.keyring, this.pool, this.details);
  }
}

/** Holds at most one unlocked vault, and exactly one running pool while it does. */
export interface VaultKeeper {
  /** The unlocked vault, or null (the same object until it changes: a useSyncExternalStore snapshot). */
  current(): UnlockedVault | null;
  /** Calls `listener` after each change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Holds these keys with a fresh pool; the pool of a vault held before ends first. */
  unlock(keys: VaultKeys, details?: UnlockDetails): void;
  /** A key rotation started or finished: the held vault's keys change in place, for every snapshot of it. */
  setKeys(keys: VaultKeys): void;
  /** Drops the keys and ends their pool; nothing when already locked. */
  lock(): void;
}

/** A keeper that starts pools with `startPool` (the crypto workers; tests count them instead). */
export function createVaultKeeper(startPool: () => CryptoPool = startCryptoPool): VaultKeeper {
  let vault: KeptVault | null = null;
  let keyring: Keyring | null = null;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  const change = (next: { vault: KeptVault; keyring: Keyring } | null) => {
    vault?.pool.terminate();
    vault = next?.vault ?? null;
    keyring = next?.keyring ?? null;
    notify();
  };
  const own = (keys: VaultKeys): VaultKeys =>
    keys.previousMasterKey === undefined ? { masterKey: keys.masterKey } : { masterKey: keys.masterKey, previousMasterKey: keys.previousMasterKey };
  return {
    current: () => vault,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    unlock(keys, details = {}) {
      const ring = { keys: own(keys) };
      change({ vault: new KeptVault(ring, startPool(), details), keyring: ring });
    },
    setKeys(keys) {
      if (vault === null || keyring === null) return;
      keyring.keys = own(keys);
      vault = vault.renewed();
      notify();
    },
    lock() {
      if (vault !== null) change(null);
    },
  };
}
