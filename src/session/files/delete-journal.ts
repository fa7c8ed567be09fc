/**
 * Pending deletes, remembered in IndexedDB from the moment a file is deleted until its object is gone, so that none is
 * lost when the tab closes or crashes during the Undo time: the next time the vault's files are shown, what is left is
 * carried out. Holds object keys only (their names are sealed), never a key to open anything.
 *
 * A delete still undoable in an open tab must not be carried out by another tab: the tab that made it holds a Web Lock
 * named for it until it is settled (the browser frees the lock when the tab goes away), and other tabs take only
 * deletes whose lock is free.
 */
import { createStore, del, set, values, type UseStore } from 'idb-keyval';

/** A delete made and not yet known to be done. */
export interface JournaledDelete {
  /** Random: names the delete and its lock. */
  id: string;
  /** Endpoint and user: whose objects these are, so two accounts in one browser stay apart. */
  owner: string;
  keys: string[];
}

/** Where pending deletes are kept. */
export interface DeleteJournal {
  add(entry: JournaledDelete): Promise<void>;
  remove(id: string): Promise<void>;
  /** The owner's pending deletes. */
  list(owner: string): Promise<JournaledDelete[]>;
}

/** The journal in IndexedDB (database `coffer-pending-deletes`). */
export function indexedDbDeleteJournal(store: UseStore = createStore('coffer-pending-deletes', 'deletes')): DeleteJournal {
  return {
    add: (entry) => set(entry.id, entry, store),
    remove: (id) => del(id, store),
    async list(owner) {
      return (await values<JournaledDelete>(store)).filter((entry) => entry.owner === owner);
    },
  };
}

function lockName(id: string): string {
  return `coffer-delete-${id}`;
}

/**
 * Holds the lock of a delete until `release` is called (or the tab goes away); resolves once it is held. Where the
 * browser has no Web Locks, resolves at once.
 */
export function holdDeleteLock(id: string): Promise<{ release(): void }> {
  const locks = globalThis.navigator?.locks;
  if (!locks) return Promise.resolve({ release: () => undefined });
  return new Promise((held) => {
    void locks.request(lockName(id), () => new Promise<void>((release) => held({ release })));
  });
}

/**
 * Runs `work` while holding the lock of a delete, if nobody holds it; resolves false, without running it, when another
 * tab holds it (the delete is still undoable there).
 */
export async function withFreeDeleteLock(id: string, work: () => Promise<void>): Promise<boolean> {
  const locks = globalThis.navigator?.locks;
  if (!locks) {
    await work();
    return true;
  }
  return locks.request(lockName(id), { ifAvailable: true }, async (lock) => {
    if (!lock) return false;
    await work();
    return true;
  });
}
