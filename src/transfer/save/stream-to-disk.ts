/**
 * Saves a stream of plaintext as a download without holding it in memory: the download service worker
 * (download-sw.ts) serves the stream to a hidden frame's navigation, and the browser writes it to disk.
 */
import {
  DOWNLOAD_PREFIX,
  isWorkerRequest,
  sender,
  SERVICE_WORKER_SCOPE,
  SERVICE_WORKER_URL,
  type DownloadOffer,
  type PageAnswer,
} from './download-sw-protocol';

let registration: Promise<ServiceWorker> | undefined;

/** True where streamed downloads can work (service workers in a secure context). */
export function canStreamDownloads(): boolean {
  return 'serviceWorker' in navigator && window.isSecureContext && typeof ReadableStream !== 'undefined';
}

async function activeWorker(): Promise<ServiceWorker> {
  registration ??= (async () => {
    await navigator.serviceWorker.register(SERVICE_WORKER_URL, { scope: SERVICE_WORKER_SCOPE });
    const ready = await navigator.serviceWorker.ready;
    if (!ready.active) throw new Error('the download service worker did not start');
    return ready.active;
  })();
  try {
    return await registration;
  } catch (error) {
    registration = undefined;
    throw error;
  }
}

/** Starts the download service worker early, so the first download does not wait for it. */
export function prepareStreamedDownloads(): void {
  if (canStreamDownloads()) void activeWorker().catch(() => undefined);
}

/**
 * Answers the service worker's pulls on `port` with `stream`'s chunks, one chunk a pull. A chunk's buffer is
 * transferred, not copied: with `ownedChunks`, a chunk that spans its whole buffer is moved as it is (the caller
 * promises nothing else holds it); any other chunk is copied once into a buffer of its own first.
 */
function relay(stream: ReadableStream<Uint8Array>, port: MessagePort, ownedChunks: boolean): Promise<void> {
  const reader = stream.getReader();
  const answer = sender<PageAnswer>(port);
  async function answerPull() {
    try {
      const { done, value } = await reader.read();
      // The last answers: the worker closes the port once it has them (closing here could overtake them).
      if (done) {
        answer({ done: true });
        return;
      }
      const { buffer } = value;
      const whole = ownedChunks && buffer instanceof ArrayBuffer && value.byteOffset === 0 && value.byteLength === buffer.byteLength;
      const moved = whole ? buffer : value.slice().buffer;
      answer({ chunk: moved }, [moved]);
    } catch (error) {
      answer({ error: error instanceof Error ? error.message : 'the download failed' });
    }
  }
  return new Promise<void>((accepted) => {
    port.onmessage = ({ data }: MessageEvent<unknown>) => {
      if (!isWorkerRequest(data)) return;
      if ('ready' in data) accepted();
      else if ('pull' in data) void answerPull();
      else if ('cancel' in data) {
        void reader.cancel(new Error(data.cancel)).catch(() => undefined);
        port.close();
      }
    };
  });
}

/**
 * Hands `stream` to the service worker and starts the browser's download of it under `name`. The worker pulls the
 * stream chunk by chunk over a message port, so the page holds only the chunks asked for. `ownedChunks`: the stream's
 * chunks are its own buffers, free to be moved to the worker without a copy (Coffer's decrypted plaintext is).
 */
export async function streamToDisk(stream: ReadableStream<Uint8Array>, name: string, size: number, ownedChunks = false): Promise<void> {
  const worker = await activeWorker();
  const id = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  const channel = new MessageChannel();
  const accepted = relay(stream, channel.port1, ownedChunks);
  const offer: DownloadOffer = { type: 'coffer-download', id, name: name.split('/').pop() || 'download', size };
  worker.postMessage(offer, [channel.port2]);
  await accepted;
  const frame = document.createElement('iframe');
  frame.hidden = true;
  frame.title = 'download';
  frame.src = `${DOWNLOAD_PREFIX}${id}`;
  document.body.append(frame);
  // The frame is only a way to start the download; remove it once the browser has taken the response.
  setTimeout(() => frame.remove(), 60_000);
}
