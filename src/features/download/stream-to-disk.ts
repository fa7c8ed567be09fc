/**
 * Saves a stream of plaintext as a download without holding it in memory: the download service worker
 * (public/download-sw.js) serves the stream to a hidden frame's navigation, and the browser writes it to disk.
 */

const SW_URL = '/download-sw.js';
let registration: Promise<ServiceWorker> | undefined;

/** True where streamed downloads can work (service workers and transferable streams). */
export function canStreamDownloads(): boolean {
  return 'serviceWorker' in navigator && window.isSecureContext && typeof ReadableStream !== 'undefined';
}

async function activeWorker(): Promise<ServiceWorker> {
  registration ??= (async () => {
    await navigator.serviceWorker.register(SW_URL, { scope: '/' });
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

/** Hands `stream` to the service worker and starts the browser's download of it under `name`. */
export async function streamToDisk(stream: ReadableStream<Uint8Array>, name: string, size: number): Promise<void> {
  const worker = await activeWorker();
  const id = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  const channel = new MessageChannel();
  const accepted = new Promise<void>((resolve) => (channel.port1.onmessage = () => resolve()));
  worker.postMessage({ type: 'coffer-download', id, name: name.split('/').pop() || 'download', size, stream }, [
    channel.port2,
    stream as unknown as Transferable,
  ]);
  await accepted;
  const frame = document.createElement('iframe');
  frame.hidden = true;
  frame.title = 'download';
  frame.src = `/coffer-download/${id}`;
  document.body.append(frame);
  // The frame is only a way to start the download; remove it once the browser has taken the response.
  setTimeout(() => frame.remove(), 60_000);
}
