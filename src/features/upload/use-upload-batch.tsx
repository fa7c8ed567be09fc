/**
 * Uploading a batch (files, a folder, a drop) into the vault: names that are free go at once; names that are taken
 * wait for the person's choice in one dialog, asked once per conflict or once for all of them.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { filesQueryOptions, type VaultFile } from '../../session/files/list-files';
import { isFolderMarker, pathOf } from '../../session/files/file-tree';
import { useApi, useVault } from '../../session/session-context';
import type { NamedFile } from '../../components/upload/collect-files';
import { ConflictDialog } from './components/conflict-dialog';
import { freeName } from '../../session/files/file-tree';
import { settle, sortBatch, type ConflictChoice, type NameConflict } from './name-conflicts';
import { useUploadQueue } from './upload-context';
import type { QueuedFile } from './upload-queue';

interface Asking {
  conflicts: NameConflict[];
  /** Every path taken, and those Keep both has picked so far. */
  taken: Set<string>;
}

/** The vault's files as of now: the list on screen, or (while it still loads) the listing it waits for. */
async function vaultFiles(cached: VaultFile[] | undefined, load: () => Promise<VaultFile[]>): Promise<VaultFile[]> {
  if (cached) return cached;
  // A listing that fails leaves nothing to compare with: the files go up under their names, as they did before.
  return load().catch(() => []);
}

/** Uploads batches under the names they get in the vault, asking about names that are taken; `dialog` is the question. */
export function useUploadBatch(): { upload(batch: NamedFile[]): void; dialog: ReactNode } {
  const queue = useUploadQueue();
  const api = useApi();
  const vault = useVault();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<Asking | null>(null);

  async function upload(batch: NamedFile[]) {
    const options = filesQueryOptions(api, vault);
    const files = await vaultFiles(queryClient.getQueryData(options.queryKey), () => queryClient.ensureQueryData(options));
    // A folder marker keeps an empty folder (SPEC section 11): a folder's name, never a file a new one could replace.
    const placed = files.filter((file) => file.readable && !isFolderMarker(file)).map((file) => ({ path: pathOf(file), key: file.key }));
    const folders = files.filter(isFolderMarker).map(pathOf);
    const unfinished = queue.unfinished().map(({ item, file }) => ({ id: item.id, name: item.name, size: file.size, lastModified: file.lastModified }));
    const sorted = sortBatch(batch, placed, unfinished, folders);
    // The same file chosen again while its upload is paused or failed goes on (as after a reload); one moving is left be.
    for (const id of sorted.again) queue.resume(id);
    queue.add(sorted.clear);
    if (sorted.conflicts.length === 0) return;
    setAsking((current) =>
      current === null
        ? { conflicts: sorted.conflicts, taken: sorted.taken }
        : { conflicts: [...current.conflicts, ...sorted.conflicts], taken: new Set([...current.taken, ...sorted.taken]) },
    );
  }

  function choose(choice: ConflictChoice, applyToAll: boolean) {
    if (asking === null) return;
    const settling = applyToAll ? asking.conflicts : asking.conflicts.slice(0, 1);
    const uploads: QueuedFile[] = [];
    for (const conflict of settling) {
      const { upload: queued, cancel } = settle(conflict, choice, asking.taken);
      for (const id of cancel) queue.cancel(id);
      if (queued) uploads.push(queued);
    }
    queue.add(uploads);
    const rest = asking.conflicts.slice(settling.length);
    setAsking(rest.length === 0 ? null : { conflicts: rest, taken: asking.taken });
  }

  const current = asking?.conflicts[0];
  const dialog =
    asking && current ? (
      <ConflictDialog
        conflict={current}
        remaining={asking.conflicts.length}
        keepBothName={freeName(current.name, asking.taken)}
        onChoose={choose}
        onSkipRest={() => choose('skip', true)}
      />
    ) : null;
  return { upload: (batch) => void upload(batch), dialog };
}
