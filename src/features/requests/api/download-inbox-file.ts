/**
 * Downloads a received file with the vault's streaming download machinery: the header is read and opened with the
 * recipient key (in the file-request worker), then the ciphertext streams from S3 chunk by chunk, each chunk
 * authenticated and decrypted in the vault's crypto workers under the file key, and large files go to disk through
 * the download service worker - never whole in memory. A chunk that fails to authenticate stops the download.
 */
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { FileMetadata } from '../../../format';
import type { ApiClient } from '../../../transfer/api-client';
import { createRangeReader } from '../../../transfer/download/range-reader';
import { withInboxWorker } from '../../../transfer/inbox-worker-handle';
import { saveDecrypted } from '../../../transfer/save/save-decrypted';
import { useApi, useVault, type UnlockedVault } from '../../../session/session-context';
import { readInboxHeader } from './list-inbox';
import type { RecipientKey } from './recipient-key';

/** A received file whose header opened: its exact header bytes, file key and details. */
export interface OpenedInboxFile {
  header: Uint8Array;
  fileKey: Uint8Array;
  metadata: FileMetadata;
}

/** Reads and opens a received file's header with the recipient key. */
export async function openInboxFile(api: ApiClient, key: RecipientKey, objectKey: string): Promise<OpenedInboxFile> {
  const header = await readInboxHeader(api, objectKey);
  return withInboxWorker((worker) => worker.openFile(header, key.identity));
}

/** Streams a received file to disk (or, when small, to a Blob); resolves once every chunk authenticated. */
export async function downloadInboxFile(
  api: ApiClient,
  vault: UnlockedVault,
  key: RecipientKey,
  objectKey: string,
  onProgress: (released: number, total: number) => void,
): Promise<void> {
  const opened = await openInboxFile(api, key, objectKey);
  const { name, size } = opened.metadata;
  const { stream, done } = createRangeReader({
    signUrl: async () => (await api.presign({ method: 'GET', key: objectKey })).url,
    header: opened.header,
    plainSize: size,
    pool: vault.pool,
    key: opened.fileKey,
  }).readAll({ onProgress: (released) => onProgress(released, size) });
  await saveDecrypted(stream, done, { name, size });
}

/** Mutation: download a received file under its own name, with progress (bytes released of the file's size). */
export function useDownloadInboxFile(key: RecipientKey) {
  const api = useApi();
  const vault = useVault();
  const [progress, setProgress] = useState<{ key: string; released: number; total: number } | null>(null);
  const mutation = useMutation({
    mutationFn: (objectKey: string) =>
      downloadInboxFile(api, vault, key, objectKey, (released, total) => setProgress({ key: objectKey, released, total })),
    onSettled: () => setProgress(null),
  });
  return { ...mutation, progress };
}
