/**
 * Downloads several files as one zip, built as it streams: each file is fetched, authenticated and decrypted chunk
 * by chunk (as a single download is) and written into the zip in turn, so memory stays flat however large the files.
 * A file that fails to authenticate, or whose name belongs to another file's bytes, breaks the download: no zip holds
 * a damaged file.
 */
import { useMutation } from '@tanstack/react-query';
import { makeZip, predictLength } from 'client-zip';
import { useCallback, useRef, useState } from 'react';
import type { ApiClient } from '../../../transfer/api-client';
import { createRangeReader } from '../../../transfer/download/range-reader';
import { readStoredHeader } from '../../../transfer/read-header';
import { openStoredFile } from '../../../transfer/stored-file';
import { IN_MEMORY_LIMIT } from '../../../transfer/save/save-decrypted';
import { saveBlob } from '../../../transfer/save/save-blob';
import { canStreamDownloads, streamToDisk } from '../../../transfer/save/stream-to-disk';
import { useApi, useVault, vaultKeys, type UnlockedVault } from '../../../session/session-context';
import type { ReadableFile } from './move-files';

/** One file of a zip and its path inside it. */
export interface ZipItem {
  file: ReadableFile;
  path: string;
}

/** Progress of a zip download: bytes of plaintext released, of all files. */
export interface ZipProgress {
  released: number;
  total: number;
}

/** Downloads `items` as `zipName`; resolves once every file authenticated and the zip was handed to the browser. */
export async function downloadZip(
  api: ApiClient,
  vault: UnlockedVault,
  items: readonly ZipItem[],
  zipName: string,
  onProgress: (progress: ZipProgress) => void,
  signal?: AbortSignal,
): Promise<void> {
  const total = items.reduce((sum, item) => sum + item.file.metadata.size, 0);
  let before = 0;
  async function* entries() {
    for (const { file, path } of items) {
      const header = await readStoredHeader(api, file.key, signal);
      // The key's name checked against the authenticated header: another file's bytes under this name end the zip.
      const { size } = await openStoredFile(vault.pool, vaultKeys(vault), file.key, header);
      if (size !== file.metadata.size) throw new Error(`${path} was changed in storage since it was listed: the zip was stopped`);
      const { stream, done } = createRangeReader({
        signUrl: async () => (await api.presign({ method: 'GET', key: file.key })).url,
        header,
        plainSize: size,
        pool: vault.pool,
        key: vaultKeys(vault),
      }).readAll({ onProgress: (released) => onProgress({ released: before + released, total }), signal });
      yield { name: path, lastModified: new Date(file.metadata.modified), size: file.metadata.size, input: stream };
      await done;
      before += file.metadata.size;
    }
  }
  const metadata = items.map(({ file, path }) => ({ name: path, size: file.metadata.size }));
  const length = Number(predictLength(metadata));
  const zip = makeZip(entries(), { metadata });
  if (length > IN_MEMORY_LIMIT && canStreamDownloads()) {
    await streamToDisk(zip, zipName, length);
    return;
  }
  saveBlob(await new Response(zip).blob(), zipName);
}

/** Mutation: download files as one zip, with progress and `cancel()`. */
export function useDownloadZip() {
  const api = useApi();
  const vault = useVault();
  const [progress, setProgress] = useState<ZipProgress | null>(null);
  const controller = useRef<AbortController | null>(null);
  const mutation = useMutation({
    mutationFn: ({ items, zipName }: { items: readonly ZipItem[]; zipName: string }) => {
      controller.current = new AbortController();
      return downloadZip(api, vault, items, zipName, setProgress, controller.current.signal);
    },
    onSettled: () => {
      controller.current = null;
      setProgress(null);
    },
  });
  const cancel = useCallback(() => controller.current?.abort(new DOMException('the download was cancelled', 'AbortError')), []);
  return { ...mutation, progress, cancel };
}
