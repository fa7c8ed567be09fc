/**
 * Deleting with Undo: files leave the list at once, but their objects are deleted only when the "Deleted" toast
 * closes without Undo. A pending delete is never lost: leaving the files screen (another section, or a lock) closes
 * its toast, which deletes; closing or reloading the tab sends the DELETEs signed in advance with `keepalive`.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useToast } from '../../../components/ui/toast';
import { deleteObject, sendDelete, signDelete, type SignedDelete } from '../../../transfer/objects';
import { useApi, useVault } from '../../session/session-context';
import { filesQueryOptions, type VaultFile } from './list-files';
import { usageQueryOptions } from './usage';

/** DELETEs in flight at once. */
const PARALLEL_DELETES = 6;

interface Batch {
  keys: string[];
  /** The DELETEs, signed as soon as the batch was made; filled in when they are. */
  signed: Map<string, SignedDelete>;
  /** True once deleted (or undone): nothing more happens to the batch. */
  settled: boolean;
}

async function inParallel<T>(items: readonly T[], run: (item: T) => Promise<void>): Promise<{ item: T; error: Error }[]> {
  const failed: { item: T; error: Error }[] = [];
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await run(item).catch((error: unknown) => failed.push({ item, error: error instanceof Error ? error : new Error(String(error)) }));
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_DELETES, items.length) }, lane));
  return failed;
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
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const batches = useRef(new Map<number, Batch>());
  const filesKey = filesQueryOptions(api, vault).queryKey;

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
      const failed = await inParallel(batch.keys, async (key) => {
        const signed = batch.signed.get(key);
        await (signed ? sendDelete(signed) : deleteObject(api, key));
      });
      const failedKeys = new Set(failed.map((f) => f.item));
      const deleted = new Set(batch.keys.filter((key) => !failedKeys.has(key)));
      // Only a list still cached (not dropped by a lock) is updated; the deleted keys are then gone from it for good.
      queryClient.setQueryData(filesKey, (files) => files?.filter((file) => !deleted.has(file.key)));
      void queryClient.invalidateQueries({ queryKey: usageQueryOptions(api).queryKey });
      show([...deleted, ...failedKeys], true);
      if (failed.length > 0) {
        const reason = failed[0]?.error.message ?? '';
        toaster.show({ tone: 'error', message: `Could not delete ${failed.length === 1 ? 'a file' : `${failed.length} files`}: ${reason}` });
      }
    },
    [api, filesKey, queryClient, show, toaster],
  );

  const remove = useCallback(
    (files: readonly VaultFile[], label: string) => {
      if (files.length === 0) return;
      const batch: Batch = { keys: files.map((f) => f.key), signed: new Map(), settled: false };
      show(batch.keys, false);
      for (const key of batch.keys) void signDelete(api, key).then((signed) => batch.signed.set(key, signed), () => undefined);
      const id = toaster.show({
        message: `Deleted ${label}`,
        action: { label: 'Undo', onAction: () => undefined },
        onClose: (reason) => {
          batches.current.delete(id);
          if (reason === 'action') {
            batch.settled = true;
            show(batch.keys, true);
          } else void commit(batch);
        },
      });
      batches.current.set(id, batch);
    },
    [api, commit, show, toaster],
  );

  useEffect(() => {
    const pending = batches.current;
    // The tab is closing or reloading: send what was signed, with keepalive, since nothing can be awaited now.
    const onPageHide = () => {
      for (const batch of pending.values()) {
        if (batch.settled) continue;
        batch.settled = true;
        for (const key of batch.keys) {
          const signed = batch.signed.get(key);
          void (signed ? sendDelete(signed, true) : deleteObject(api, key)).catch(() => undefined);
        }
      }
    };
    window.addEventListener('pagehide', onPageHide);
    return () => {
      window.removeEventListener('pagehide', onPageHide);
      // Leaving the screen (a lock, another section): close the toasts, which deletes; Undo would come too late.
      for (const id of [...pending.keys()]) toaster.dismiss(id);
    };
  }, [api, toaster]);

  return { hidden, remove };
}
