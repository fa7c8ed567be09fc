/**
 * Deleting with Undo: files leave the list at once, but their objects are deleted only when the "Deleted" toast
 * closes without Undo. A pending delete is never lost: leaving the files screen (another section, or a lock) closes
 * its toast, which deletes; closing or reloading the tab sends it as `keepalive` requests, which outlive the page; and
 * it is kept in a journal (IndexedDB) until done, so whatever those requests could not carry (browsers allow 64 KiB
 * of them in flight: some 100 keys) is carried out the next time the vault's files are shown, in any tab.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useToast } from '../../components/ui/toast';
import { MAX_DELETE_KEYS } from '../../protocol';
import type { ApiClient } from '../../transfer/api-client';
import { useLocalOwner } from '../api/get-me';
import { useApi, useVault } from '../session-context';
import { holdDeleteLock, indexedDbDeleteJournal, withFreeDeleteLock, type DeleteJournal } from './delete-journal';
import { filesQueryOptions, type VaultFile } from './list-files';
import { usageQueryOptions } from './usage';

/** Keys per keepalive request: browsers allow 64 KiB of keepalive bodies in flight, and a key takes up to ~520 bytes. */
const KEEPALIVE_KEYS = 100;

interface Batch {
  /** Names the batch in the journal and its lock. */
  id: string;
  keys: string[];
  /** True once deleted (or undone): nothing more happens to the batch. */
  settled: boolean;
  /** Resolves once the batch is in the journal and its lock held; then releases the lock. */
  journaled: Promise<{ release(): void }>;
}

/** Locks the batch (so no other tab carries it out while Undo is possible here), then writes it in the journal. */
async function journal(store: DeleteJournal, owner: string, id: string, keys: string[]): Promise<{ release(): void }> {
  const lock = await holdDeleteLock(id);
  await store.add({ id, owner, keys }).catch(() => undefined); // IndexedDB unavailable: the toast still deletes.
  return lock;
}

/** Forgets a settled batch: out of the journal, lock released. */
async function forget(store: DeleteJournal, batch: Batch): Promise<void> {
  const lock = await batch.journaled;
  await store.remove(batch.id).catch(() => undefined);
  lock.release();
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/** Deletes keys through the endpoint, 1,000 per request; resolves the keys that could not be deleted and why. */
async function deleteKeys(api: ApiClient, keys: readonly string[]): Promise<{ failed: string[]; reason?: string }> {
  const failed: string[] = [];
  let reason: string | undefined;
  for (const chunk of chunks(keys, MAX_DELETE_KEYS)) {
    await api.deleteObjects(chunk).catch((error: unknown) => {
      failed.push(...chunk);
      reason = error instanceof Error ? error.message : String(error);
    });
  }
  return reason === undefined ? { failed } : { failed, reason };
}

/**
 * Deletes objects at once, without Undo: the files an upload replaces, once the new file is stored. Journaled like
 * any delete until it is done, so a tab closed in the middle leaves the rest to the next visit. Resolves the keys
 * that could not be deleted and why.
 */
export async function deleteAtOnce(api: ApiClient, store: DeleteJournal, owner: string, keys: readonly string[]): Promise<{ failed: string[]; reason?: string }> {
  const id = crypto.randomUUID();
  const batch: Batch = { id, keys: [...keys], settled: true, journaled: journal(store, owner, id, [...keys]) };
  await batch.journaled;
  try {
    return await deleteKeys(api, keys);
  } finally {
    await forget(store, batch);
  }
}

/** What the files screen needs from pending deletes. */
export interface PendingDeletes {
  /** Keys of files deleted but still undoable: the list leaves them out. */
  hidden: ReadonlySet<string>;
  /** Hides the files, shows "Deleted …" with Undo, and deletes them when the toast closes without Undo. */
  remove(files: readonly VaultFile[], label: string): void;
}

/** Deletes with a few seconds' Undo. */
export function usePendingDeletes(): PendingDeletes {
  const api = useApi();
  const vault = useVault();
  const toaster = useToast();
  const queryClient = useQueryClient();
  const owner = useLocalOwner();
  const [store] = useState(() => indexedDbDeleteJournal());
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const batches = useRef(new Map<number, Batch>());
  const filesKey = useMemo(() => filesQueryOptions(api, vault).queryKey, [api, vault]);

  const show = useCallback((keys: readonly string[], visible: boolean) => {
    setHidden((current) => {
      const next = new Set(current);
      for (const key of keys) {
        if (visible) next.delete(key);
        else next.add(key);
      }
      return next;
    });
  }, []);

  const commit = useCallback(
    async (batch: Batch) => {
      if (batch.settled) return;
      batch.settled = true;
      const { failed, reason } = await deleteKeys(api, batch.keys);
      const failedKeys = new Set(failed);
      const deleted = new Set(batch.keys.filter((key) => !failedKeys.has(key)));
      // Only a list still cached (not dropped by a lock) is updated; the deleted keys are then gone from it for good.
      queryClient.setQueryData(filesKey, (files) => files?.filter((file) => !deleted.has(file.key)));
      void queryClient.invalidateQueries({ queryKey: usageQueryOptions(api).queryKey });
      show(batch.keys, true);
      // Keys that could not be deleted are forgotten too: the files are back in the list and the toast says why.
      await forget(store, batch);
      if (failed.length > 0) {
        toaster.show({ tone: 'error', message: `Could not delete ${failed.length === 1 ? 'a file' : `${failed.length} files`}: ${reason ?? ''}` });
      }
    },
    [api, filesKey, queryClient, show, store, toaster],
  );

  const remove = useCallback(
    (files: readonly VaultFile[], label: string) => {
      if (files.length === 0) return;
      const id = crypto.randomUUID();
      const keys = files.map((f) => f.key);
      const batch: Batch = { id, keys, settled: false, journaled: journal(store, owner, id, keys) };
      show(batch.keys, false);
      const toast = toaster.show({
        message: `Deleted ${label}`,
        action: { label: 'Undo', onAction: () => undefined },
        onClose: (reason) => {
          batches.current.delete(toast);
          if (reason === 'action') {
            batch.settled = true;
            show(batch.keys, true);
            void forget(store, batch);
          } else void commit(batch);
        },
      });
      batches.current.set(toast, batch);
    },
    [commit, owner, show, store, toaster],
  );

  useEffect(() => {
    const pending = batches.current;
    // The tab is closing or reloading: nothing can be awaited now, so the deletes go as keepalive requests.
    const onPageHide = () => {
      for (const batch of pending.values()) {
        if (batch.settled) continue;
        batch.settled = true;
        for (const chunk of chunks(batch.keys, KEEPALIVE_KEYS)) void api.deleteObjects(chunk, { keepalive: true }).catch(() => undefined);
      }
    };
    // beforeunload comes first, while the document is still fully alive; pagehide also covers pages that skip it.
    window.addEventListener('beforeunload', onPageHide);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      window.removeEventListener('beforeunload', onPageHide);
      window.removeEventListener('pagehide', onPageHide);
      // Leaving the screen (a lock, another section): close the toasts, which deletes; Undo would come too late.
      for (const id of [...pending.keys()]) toaster.dismiss(id);
    };
  }, [api, toaster]);

  // Deletes left in the journal by a tab that closed or crashed during their Undo time (their keepalive requests may
  // not all have gone out): carried out once the files screen shows, unless a tab that can still undo them holds their
  // lock.
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const left = await store.list(owner).catch(() => []);
      for (const entry of left) {
        if (cancelled) return;
        await withFreeDeleteLock(entry.id, async () => {
          const batch: Batch = { id: entry.id, keys: entry.keys, settled: false, journaled: Promise.resolve({ release: () => undefined }) };
          show(batch.keys, false);
          await commit(batch);
        });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [commit, owner, show, store]);

  return { hidden, remove };
}
