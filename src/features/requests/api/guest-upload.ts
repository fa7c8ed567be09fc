/**
 * A guest's uploads to one request: each file encrypted in a worker to the owner's public key alone, then sent in
 * one PUT through a URL the endpoint signed for the request's inbox, one file after another. What the endpoint or
 * S3 refuses (limits, expiry, a closed request) is shown per file, in the endpoint's words.
 */
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../../transfer/api-client';
import { describeTransferError } from '../../../transfer/describe-error';
import { startInboxWorker, type InboxWorker } from '../../../transfer/inbox-worker-handle';
import { createGuestClient, uploadToRequest } from '../../../transfer/requests-client';
import type { NamedFile } from '../../upload/collect-files';
import type { GuestRequest } from './guest-request';

/** Where one file stands. */
export type GuestUploadStatus = 'waiting' | 'encrypting' | 'uploading' | 'sent' | 'refused';

/** One file a guest chose. */
export interface GuestUploadItem {
  id: number;
  name: string;
  size: number;
  status: GuestUploadStatus;
  /** The inbox object's name, once sent. */
  receipt?: string;
  problem?: string;
}

function describe(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return describeTransferError(error).message;
}

/** The guest's upload list and a way to add files to it. */
export function useGuestUploads(request: GuestRequest) {
  const [items, setItems] = useState<GuestUploadItem[]>([]);
  const worker = useRef<InboxWorker | null>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const counter = useRef(0);
  useEffect(() => {
    worker.current = startInboxWorker();
    return () => worker.current?.terminate();
  }, []);

  const update = (id: number, patch: Partial<GuestUploadItem>) =>
    setItems((all) => all.map((item) => (item.id === id ? { ...item, ...patch } : item)));

  async function send(id: number, { file, name }: NamedFile): Promise<void> {
    const guest = createGuestClient(window.location.origin, request.id);
    try {
      if (file.size > request.info.maxObjectSize) throw new Error(`This file is too large: files may be at most ${request.info.maxObjectSize} bytes`);
      update(id, { status: 'encrypting' });
      const encrypting = worker.current?.api.encryptForRecipient(file, request.publicKey, name);
      if (!encrypting) throw new Error('the page is closing');
      const ciphertext = await encrypting;
      update(id, { status: 'uploading' });
      const signed = await uploadToRequest(guest, ciphertext);
      update(id, { status: 'sent', receipt: signed.receipt });
    } catch (error) {
      update(id, { status: 'refused', problem: describe(error) });
    }
  }

  function add(files: NamedFile[]) {
    const added = files.map((named) => ({ named, item: { id: ++counter.current, name: named.name, size: named.file.size, status: 'waiting' as const } }));
    setItems((all) => [...all, ...added.map((a) => a.item)]);
    for (const { named, item } of added) queue.current = queue.current.then(() => send(item.id, named));
  }

  return { items, add };
}
