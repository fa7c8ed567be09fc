/**
 * A guest's uploads to one request, one file after another, each encrypted in this browser to the owner's public key
 * alone. Files under 5 MiB are encrypted whole and sent in one PUT; larger ones go through Coffer's multipart upload
 * machinery (transfer/upload: the file read once as a stream, parts sealed in crypto workers and sent several at a
 * time, each retried with backoff, URLs signed per part) against the request's guest multipart routes, which bind
 * every part to its planned length. Progress is in bytes, with speed and time left; cancelling aborts the multipart
 * upload, so nothing stays in the bucket and the request gets the file and bytes back - also when the guest closes or
 * reloads the page in the middle (a `keepalive` abort, which outlives the page: a guest upload cannot be resumed, so
 * its reservation would otherwise stay taken for a day). What the endpoint or S3 refuses (limits, expiry, a closed
 * request) is shown per file, in plain words; after each file is over, what is left of the request is read again
 * from the endpoint (guest-request.ts), which is what enforces it. Each sent file gets its receipt code (format SPEC
 * section 12), which the owner's inbox shows beside it.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { formatBytes } from '../../../components/ui/format-bytes';
import { MIN_PART_SIZE } from '../../../protocol';
import { ApiError } from '../../../transfer/api-client';
import { describeTransferError } from '../../../transfer/describe-error';
import { startInboxWorker, type InboxWorker } from '../../../transfer/inbox-worker-handle';
import { createGuestClient, guestUploadApi, uploadToRequest } from '../../../transfer/requests-client';
import { memoryResumeStore, type PendingUpload } from '../../../transfer/upload/resume-store';
import { cancelUploadOf, uploadFile } from '../../../transfer/upload/upload-file';
import { startCryptoPool, type CryptoPool } from '../../../transfer/workers';
import type { NamedFile } from '../../../components/upload/collect-files';
import { fileCapacity } from '../request-sizes';
import { requestRoomQueryOptions, type GuestRequest } from './guest-request';

/** Where one file stands. */
export type GuestUploadStatus = 'waiting' | 'uploading' | 'sent' | 'refused' | 'cancelled';

/** One file a guest chose. */
export interface GuestUploadItem {
  id: number;
  name: string;
  size: number;
  status: GuestUploadStatus;
  /** Encrypted bytes S3 confirmed so far, of the encrypted total (the file's size until that is known). */
  confirmed: number;
  total: number;
  /** Smoothed speed in bytes per second (0 until measured). */
  bytesPerSecond: number;
  /** The file's receipt code (its header's, format SPEC section 12), once sent: what the owner's inbox shows. */
  receipt?: string;
  problem?: string;
}

/** Weight of the newest sample in the speed estimate. */
const SMOOTHING = 0.3;
const CANCELLED = 'cancelled by the guest';

/** The largest file a guest may send, in the file's own size: the endpoint's object limit counts it encrypted. */
export function largestFile(request: GuestRequest): number {
  return fileCapacity(request.info.maxObjectSize, 1);
}

/**
 * Why a file was refused, or why the request takes nothing more, in plain words: the endpoint's own sentences carry
 * stored (encrypted) byte counts and timestamps, not what a guest reads. Without `request`: the page's own error
 * (the request could not be opened).
 */
export function describeGuestError(error: unknown, request?: GuestRequest): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return `Cannot reach Coffer: check your connection, then ${request ? 'add the file again' : 'reload this page'}.`;
    if (error.code === 'request_closed') return 'The owner closed this file request: it takes no more files.';
    if (error.code === 'request_expired') return 'This file request expired: it takes no more files.';
    if (error.code === 'request_too_large') return 'This file is too large for the request: it does not fit in what is left.';
    if (error.code === 'object_too_large' && request) return `This file is too large: a file sent here may be at most ${formatBytes(largestFile(request))}.`;
    return error.message;
  }
  return describeTransferError(error).message;
}

/** The guest's upload list, a way to add files to it, and to cancel one. */
export function useGuestUploads(request: GuestRequest) {
  const [items, setItems] = useState<GuestUploadItem[]>([]);
  const queryClient = useQueryClient();
  const workers = useRef<{ inbox: InboxWorker; pool: CryptoPool } | null>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const counter = useRef(0);
  const controllers = useRef(new Map<number, AbortController>());
  const samples = useRef(new Map<number, { at: number; bytes: number }>());
  // Multipart uploads started and not yet completed or aborted (the resume store's own map): a closing page cannot await.
  const [unfinished] = useState(() => new Map<string, PendingUpload>());
  const [store] = useState(() => memoryResumeStore(unfinished));
  useEffect(() => {
    const started = { inbox: startInboxWorker(), pool: startCryptoPool() };
    const running = controllers.current;
    workers.current = started;
    // The page is closing or reloading: nothing can be awaited now, so the aborts go as keepalive requests.
    const onPageHide = () => {
      const guest = createGuestClient(window.location.origin, request.id);
      for (const upload of unfinished.values()) void guest.multipart.abort(upload.key, upload.uploadId, { keepalive: true }).catch(() => undefined);
      unfinished.clear();
    };
    // beforeunload comes first, while the document is still fully alive; pagehide also covers pages that skip it.
    window.addEventListener('beforeunload', onPageHide);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      window.removeEventListener('beforeunload', onPageHide);
      window.removeEventListener('pagehide', onPageHide);
      for (const controller of running.values()) controller.abort(CANCELLED);
      started.inbox.terminate();
      started.pool.terminate();
    };
  }, [request.id, unfinished]);

  const update = (id: number, patch: Partial<GuestUploadItem> | ((item: GuestUploadItem) => Partial<GuestUploadItem>)) =>
    setItems((all) => all.map((item) => (item.id === id ? { ...item, ...(typeof patch === 'function' ? patch(item) : patch) } : item)));

  const progress = (id: number, confirmed: number, total: number) => {
    const now = performance.now();
    const last = samples.current.get(id);
    if (!last || confirmed > last.bytes) samples.current.set(id, { at: now, bytes: confirmed });
    update(id, (item) => {
      let speed = item.bytesPerSecond;
      if (last && now > last.at && confirmed > last.bytes) {
        const sample = ((confirmed - last.bytes) * 1000) / (now - last.at);
        speed = speed === 0 ? sample : SMOOTHING * sample + (1 - SMOOTHING) * speed;
      }
      return { confirmed, total, bytesPerSecond: speed };
    });
  };

  async function sendSmall(id: number, { file, name }: NamedFile, running: { inbox: InboxWorker }, signal: AbortSignal) {
    const guest = createGuestClient(window.location.origin, request.id);
    const { ciphertext, receipt } = await running.inbox.api.encryptForRecipient(file, request.publicKey, name);
    signal.throwIfAborted();
    progress(id, 0, ciphertext.size);
    await uploadToRequest(guest, ciphertext, signal);
    progress(id, ciphertext.size, ciphertext.size);
    return receipt;
  }

  async function sendLarge(id: number, { file, name }: NamedFile, running: { inbox: InboxWorker; pool: CryptoPool }, signal: AbortSignal) {
    const api = guestUploadApi(window.location.origin, createGuestClient(window.location.origin, request.id));
    const owner = `guest|${request.id}`;
    const { header, fileKey, receipt } = await running.inbox.api.startForRecipient(file, request.publicKey, name);
    try {
      await uploadFile({
        api,
        pool: running.pool,
        sealed: { header, fileKey },
        store,
        owner,
        file,
        name,
        // The endpoint names the inbox object itself; the key asked for here is not used.
        newKey: async () => request.id,
        signal,
        onProgress: (confirmed, total) => progress(id, confirmed, total),
      });
      return receipt;
    } catch (error) {
      // Cancelled or failed: abort the multipart upload (S3 frees its parts, the request gets its reservation back).
      await cancelUploadOf(api, store, owner, name, file).catch(() => undefined);
      throw error;
    }
  }

  async function send(id: number, named: NamedFile): Promise<void> {
    const controller = controllers.current.get(id);
    const running = workers.current;
    if (!controller || controller.signal.aborted) {
      controllers.current.delete(id);
      return;
    }
    try {
      if (!running) throw new Error('the page is closing');
      if (named.file.size > largestFile(request)) {
        throw new Error(`This file is too large: a file sent here may be at most ${formatBytes(largestFile(request))}.`);
      }
      update(id, { status: 'uploading' });
      const receipt =
        named.file.size >= MIN_PART_SIZE
          ? await sendLarge(id, named, running, controller.signal)
          : await sendSmall(id, named, running, controller.signal);
      update(id, { status: 'sent', receipt, bytesPerSecond: 0 });
    } catch (error) {
      if (controller.signal.reason === CANCELLED) update(id, { status: 'cancelled', bytesPerSecond: 0 });
      else update(id, { status: 'refused', bytesPerSecond: 0, problem: describeGuestError(error, request) });
    } finally {
      controllers.current.delete(id);
      // Whatever became of the file, the endpoint now counts it (or gave it back): show what is left as it says.
      void queryClient.invalidateQueries({ queryKey: requestRoomQueryOptions(window.location.origin, request.id).queryKey });
    }
  }

  function add(files: NamedFile[]) {
    const added = files.map((named) => ({
      named,
      item: { id: ++counter.current, name: named.name, size: named.file.size, status: 'waiting' as const, confirmed: 0, total: named.file.size, bytesPerSecond: 0 },
    }));
    for (const { item } of added) controllers.current.set(item.id, new AbortController());
    setItems((all) => [...all, ...added.map((a) => a.item)]);
    for (const { named, item } of added) queue.current = queue.current.then(() => send(item.id, named));
  }

  function cancel(id: number) {
    const controller = controllers.current.get(id);
    if (!controller) return;
    controller.abort(CANCELLED);
    setItems((all) => all.map((item) => (item.id === id && item.status === 'waiting' ? { ...item, status: 'cancelled' } : item)));
  }

  return { items, add, cancel };
}
