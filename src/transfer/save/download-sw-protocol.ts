/**
 * The messages between Coffer's pages and its download service worker (download-sw.ts), in one place for both sides.
 * The worker holds no keys and does no crypto: what it receives is plaintext the page already authenticated, or
 * questions and answers about which page owns a preview. Each side checks what it receives with the guards below,
 * since a message port carries anything.
 */

/** Where the worker is served (built from download-sw.ts by vite.config.ts), and the scope it controls. */
export const SERVICE_WORKER_URL = '/download-sw.js';
export const SERVICE_WORKER_SCOPE = '/';
/** A streamed download's address: DOWNLOAD_PREFIX + its id. */
export const DOWNLOAD_PREFIX = '/coffer-download/';
/** A streamed preview's address: PREVIEW_PREFIX + its id. */
export const PREVIEW_PREFIX = '/coffer-preview/';

/** Page -> worker: a download to serve at DOWNLOAD_PREFIX + id; the message carries the port its chunks come over. */
export interface DownloadOffer {
  type: 'coffer-download';
  id: string;
  /** The file name the download is saved under (without folders). */
  name: string;
  /** Plaintext size in bytes (the Content-Length). */
  size: number;
}

/** Worker -> page, on a download's port: the offer was taken; give the next chunk; stop (with why). */
export type WorkerRequest = { ready: true } | { pull: true } | { cancel: string };

/** Page -> worker, on a download's port: the next chunk (a moved buffer), the end, or why the download failed. */
export type PageAnswer = { chunk: ArrayBuffer } | { done: true } | { error: string };

/** Worker -> page: a request to preview `id` arrived, with its Range header (null: none). */
export interface PreviewQuestion {
  type: 'coffer-preview-range';
  id: string;
  range: string | null;
}

/** Statuses a page may answer a preview request with. */
export const PREVIEW_STATUSES = [200, 206, 404, 416, 500] as const;

/** Page -> worker, on a preview question's port: not this page's preview, or the response to give. */
export type PreviewAnswer =
  | { owned: false }
  | {
      owned: true;
      status: (typeof PREVIEW_STATUSES)[number];
      contentType: string;
      contentLength?: number;
      contentRange?: string;
      /** Moved with the message. */
      body?: ReadableStream<Uint8Array>;
    };

/** A sender of one kind of message on `port`. */
export function sender<T>(port: MessagePort): (message: T, transfer?: Transferable[]) => void {
  return (message, transfer = []) => port.postMessage(message, transfer);
}

type Fields = Record<string, unknown>;
const isObject = (data: unknown): data is Fields => typeof data === 'object' && data !== null;

/** Worker side: a page's download offer. */
export function isDownloadOffer(data: unknown): data is DownloadOffer {
  return isObject(data) && data.type === 'coffer-download' && typeof data.id === 'string' && typeof data.name === 'string' && typeof data.size === 'number';
}

/** Page side: the worker's request on a download's port. */
export function isWorkerRequest(data: unknown): data is WorkerRequest {
  return isObject(data) && (data.ready === true || data.pull === true || typeof data.cancel === 'string');
}

/** Worker side: the page's answer on a download's port. */
export function isPageAnswer(data: unknown): data is PageAnswer {
  return isObject(data) && (data.chunk instanceof ArrayBuffer || data.done === true || typeof data.error === 'string');
}

/** Page side: the worker's question about a preview. */
export function isPreviewQuestion(data: unknown): data is PreviewQuestion {
  return isObject(data) && data.type === 'coffer-preview-range' && typeof data.id === 'string' && (data.range === null || typeof data.range === 'string');
}

/** An answer that owns the preview, with a known status and well-typed headers (anything else serves nothing). */
export function isOwnedPreviewAnswer(data: unknown): data is Extract<PreviewAnswer, { owned: true }> {
  if (!isObject(data) || data.owned !== true || typeof data.contentType !== 'string') return false;
  return (
    (PREVIEW_STATUSES as readonly unknown[]).includes(data.status) &&
    (data.contentLength === undefined || Number.isSafeInteger(data.contentLength)) &&
    (data.contentRange === undefined || typeof data.contentRange === 'string') &&
    (data.body === undefined || data.body instanceof ReadableStream)
  );
}
