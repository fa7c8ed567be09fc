/**
 * Downloads a file: ciphertext streamed from S3 through pre-signed GETs, each chunk authenticated and decrypted in a
 * worker, then written to disk - into a file the user picks where the browser offers the File System Access API, else
 * through the download service worker - or, for small files and browsers without service workers, collected into a
 * Blob. The header is authenticated before any byte is fetched past it.
 */
import { useMutation } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import type { ApiClient } from '../../../transfer/api-client';
import { createRangeReader } from '../../../transfer/download/range-reader';
import { readStoredHeader } from '../../../transfer/read-header';
import { openStoredFile } from '../../../transfer/stored-file';
import { useApi, useVault, vaultKeys, type UnlockedVault } from '../../../session/session-context';
import { IN_MEMORY_LIMIT, saveDecrypted } from '../../../transfer/save/save-decrypted';
import { canSaveWithPicker, pickSaveFile, saveToFile } from '../../../transfer/save/save-to-file';

/**
 * The file a large download goes into, where the browser offers a save picker; undefined where it does not, or when
 * the picker cannot open (a SecurityError once the click is too long ago): then the browser's download is used.
 * Rejects with an AbortError when the user cancels the picker.
 */
async function chooseFile(name: string): Promise<FileSystemFileHandle | undefined> {
  if (!canSaveWithPicker()) return undefined;
  let handle: FileSystemFileHandle | null;
  try {
    handle = await pickSaveFile(name);
  } catch {
    return undefined;
  }
  if (handle === null) throw new DOMException('the download was cancelled', 'AbortError');
  return handle;
}

/**
 * Downloads and saves one file under the name the vault shows (from the object key, which a rename changes); resolves
 * once every byte authenticated and was handed to the browser. The key's name is checked against the authenticated
 * header first: another file's bytes stored under this name are refused (FormatError 'name-mismatch') before any is fetched.
 */
export async function downloadFile(
  api: ApiClient,
  vault: UnlockedVault,
  key: string,
  onProgress: (released: number, total: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  const header = await readStoredHeader(api, key);
  const metadata = await openStoredFile(vault.pool, vaultKeys(vault), key, header);
  const large = metadata.size > IN_MEMORY_LIMIT;
  // Asked before the first byte is fetched, so nothing waits on an open picker.
  const file = large ? await chooseFile(metadata.name) : undefined;
  const { stream, done } = createRangeReader({
    signUrl: async () => (await api.presign({ method: 'GET', key })).url,
    header,
    plainSize: metadata.size,
    pool: vault.pool,
    key: vaultKeys(vault),
  }).readAll({ onProgress: (released) => onProgress(released, metadata.size), signal });
  if (file) {
    await saveToFile(file, stream, done);
    return;
  }
  await saveDecrypted(stream, done, metadata);
}

/** Mutation: download a file (by object key) under its name, with progress; `cancel()` stops it (nothing is saved). */
export function useDownloadFile() {
  const api = useApi();
  const vault = useVault();
  const [progress, setProgress] = useState<{ key: string; released: number; total: number } | null>(null);
  const controller = useRef<AbortController | null>(null);
  const mutation = useMutation({
    mutationFn: (key: string) => {
      controller.current = new AbortController();
      return downloadFile(api, vault, key, (released, total) => setProgress({ key, released, total }), controller.current.signal);
    },
    onSettled: () => {
      controller.current = null;
      setProgress(null);
    },
  });
  const cancel = useCallback(() => controller.current?.abort(new DOMException('the download was cancelled', 'AbortError')), []);
  return { ...mutation, progress, cancel };
}
