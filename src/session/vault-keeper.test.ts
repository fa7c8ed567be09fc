import { describe, expect, it } from 'vitest';
import type { CryptoPool } from '../transfer/workers';
import { createVaultKeeper } from './vault-keeper';

/** Pools that only count: which were started, which are still running. */
function pools() {
  const running = new Set<number>();
  let started = 0;
  const start = (): CryptoPool => {
    const id = ++started;
    running.add(id);
    return { size: 2, run: () => Promise.reject(new Error('not a real pool')), terminate: () => void running.delete(id) };
  };
  return { start, running, started: () => started };
}

const key = {} as CryptoKey;

describe('the vault keeper (the pool lifecycle behind SessionProvider)', () => {
  it('runs exactly one pool while unlocked and none once locked', () => {
    const p = pools();
    const keeper = createVaultKeeper(p.start);
    expect(keeper.current()).toBeNull();
    keeper.unlock({ masterKey: key }, { derivationMs: 512 });
    expect(p.running.size).toBe(1);
    expect(keeper.current()).toMatchObject({ masterKey: key, derivationMs: 512 });
    // Unlocking again (another vault after a connection change) ends the pool before.
    keeper.unlock({ masterKey: key });
    expect([...p.running]).toEqual([2]);
    keeper.lock();
    keeper.lock();
    expect(p.running.size).toBe(0);
    expect(keeper.current()).toBeNull();
  });

  it('keeps the same snapshot between changes and tells subscribers of each change', () => {
    const keeper = createVaultKeeper(pools().start);
    const seen: unknown[] = [];
    const unsubscribe = keeper.subscribe(() => seen.push(keeper.current()));
    keeper.unlock({ masterKey: key });
    const unlocked = keeper.current();
    expect(keeper.current()).toBe(unlocked); // useSyncExternalStore needs a stable snapshot
    keeper.lock();
    unsubscribe();
    keeper.unlock({ masterKey: key });
    expect(seen).toEqual([unlocked, null]);
  });

  it('what React may run twice (StrictMode, restarted renders) starts and ends nothing', () => {
    const p = pools();
    // useState(createVaultKeeper) may call the initializer twice and keep one keeper: neither starts a pool.
    const kept = createVaultKeeper(p.start);
    createVaultKeeper(p.start);
    expect(p.started()).toBe(0);
    // Renders read the snapshot, as often as React renders.
    for (let i = 0; i < 3; i++) kept.current();
    expect(p.started()).toBe(0);
    // StrictMode mounts effects, cleans them up and mounts them again: subscribing twice, and the cleanup's lock
    // before anything is unlocked, leave a keeper that works.
    const first = kept.subscribe(() => undefined);
    first();
    kept.lock();
    kept.subscribe(() => undefined);
    kept.unlock({ masterKey: key });
    expect(p.running.size).toBe(1);
    for (let i = 0; i < 3; i++) expect(kept.current()?.pool).toBe(kept.current()?.pool);
    expect(p.started()).toBe(1);
  });
});
