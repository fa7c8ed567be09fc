/**
 * Coffer's download service worker, served as /download-sw.js (vite.config.ts bundles it into one classic script).
 * It does no crypto and sees no keys: it pulls plaintext that the page's workers have already authenticated and
 * decrypted from the page, chunk by chunk over a message port, and serves it as a file download, so large files go
 * to disk without being held in memory. Nothing is cached; entries live only until their one download starts.
 *
 * It also answers previews (`/coffer-preview/<id>`): a video or audio element's request, Range header and all, is
 * relayed to the page that owns the preview, and the page answers with a stream of authenticated plaintext for just
 * that range (206 Partial Content). The worker keeps nothing between requests for this: no keys, no entries, so a
 * worker the browser stopped and restarted serves the next range just as well.
 *
 * Decrypted files are hostile content. Everything this worker answers is a sandbox (`Content-Security-Policy:
 * sandbox`, without allow-scripts or allow-same-origin): opened in a frame or in a new tab, the document has an opaque
 * origin and runs no script, so the app's storage, token and pages are out of its reach; with nosniff, the browser
 * takes the type given and guesses none. Downloads are attachments of type application/octet-stream.
 */
import {
  DOWNLOAD_PREFIX,
  isDownloadOffer,
  isOwnedPreviewAnswer,
  isPageAnswer,
  PREVIEW_PREFIX,
  sender,
  type PageAnswer,
  type PreviewQuestion,
  type WorkerRequest,
} from './download-sw-protocol';

declare const self: ServiceWorkerGlobalScope;

/** A download waiting for its request: the port its page answers pulls on. */
interface Entry {
  id: string;
  name: string;
  size: number;
  port: MessagePort;
  clientId: string | undefined;
  timer: ReturnType<typeof setTimeout>;
}

/** Downloads waiting for their request, by id. */
const pending = new Map<string, Entry>();
/** Entries not claimed within this time are dropped (the page gave up or was closed). */
const CLAIM_MS = 60_000;
/** Chunks pulled ahead of what the browser has written. */
const AHEAD = 4;
/** While a pull waits for its page, how often the worker checks that the page is still open. */
const ALIVE_CHECK_MS = 3_000;
const PAGE_CLOSED = 'the page that started the download was closed';
/** How long a page may take to answer whether it owns a preview. */
const ANSWER_MS = 10_000;

/** The headers of every answer: a sandbox with an opaque origin and no script, no sniffing, no caching. */
const SANDBOX_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; sandbox",
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
};

/** The install event with static routing (Chromium 123 and later; not in TypeScript's WebWorker library yet). */
type RoutingInstallEvent = ExtendableEvent & { addRoutes?: (rules: unknown) => Promise<void> };

/**
 * Only this worker's own addresses need it: everything else a page asks for (the endpoint, S3, the app's files) goes
 * straight to the network without starting the worker where the browser has static routing (Chromium 123 and later).
 * Without it, every request of a controlled page - each part of an upload, from the page or its workers - went
 * through the worker's fetch event first; other browsers still do that, and the fetch handler below lets such
 * requests pass by.
 */
self.addEventListener('install', (event: RoutingInstallEvent) => {
  void self.skipWaiting();
  if (typeof event.addRoutes !== 'function') return;
  const ours = { or: [{ urlPattern: { pathname: `${DOWNLOAD_PREFIX}*` } }, { urlPattern: { pathname: `${PREVIEW_PREFIX}*` } }] };
  // A browser that knows the API but not these conditions keeps the worker as it was, rather than failing to install.
  event.waitUntil(event.addRoutes({ condition: { not: ours }, source: 'network' }).catch(() => undefined));
});
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('message', (event) => {
  const data: unknown = event.data;
  const port = event.ports[0];
  if (!isDownloadOffer(data) || !port) return;
  const request = sender<WorkerRequest>(port);
  const timer = setTimeout(() => {
    pending.delete(data.id);
    request({ cancel: 'the download was not started' });
    port.close();
  }, CLAIM_MS);
  const clientId = event.source && 'id' in event.source ? event.source.id : undefined;
  pending.set(data.id, { id: data.id, name: data.name, size: data.size, port, clientId, timer });
  request({ ready: true });
});

/** A port whose other end is closed: a buffer moved into it is dropped at once, with no garbage collection needed. */
const drain = (() => {
  const channel = new MessageChannel();
  channel.port2.close();
  return channel.port1;
})();

/**
 * Frees a buffer moved in from the page now. V8 does not count such buffers as memory of this worker, so left to the
 * collector they pile up uncollected (measured: up to 227 MiB during a 2 GiB download); what is enqueued is a copy
 * made here, which V8 counts and collects in time.
 */
function release(buffer: ArrayBuffer): void {
  drain.postMessage(null, [buffer]);
}

/**
 * The file as a stream pulled from its page (window client `clientId`) over `port`: each pull asks the page for one
 * chunk, which arrives as a moved buffer; the page answers with the end, or an error that fails the download. A page
 * closed mid-download fails the download too, rather than leaving it waiting: a port's close event says so where the
 * browser fires it, and a pull that waits checks every few seconds that the page is still there.
 */
function pulledStream(port: MessagePort, clientId: string | undefined): ReadableStream<Uint8Array> {
  const request = sender<WorkerRequest>(port);
  let answer: ((data: PageAnswer) => void) | null = null;
  let closed = false;
  let watch: ReturnType<typeof setInterval> | undefined;
  const settle = (data: PageAnswer) => {
    clearInterval(watch);
    const waiting = answer;
    answer = null;
    waiting?.(data);
  };
  const pageClosed = () => {
    closed = true;
    settle({ error: PAGE_CLOSED });
  };
  port.onmessage = ({ data }: MessageEvent<unknown>) => settle(isPageAnswer(data) ? data : { error: 'the download failed' });
  port.addEventListener('close', pageClosed);
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const data: PageAnswer = closed
          ? { error: PAGE_CLOSED }
          : await new Promise<PageAnswer>((resolve) => {
              answer = resolve;
              request({ pull: true });
              if (clientId) {
                watch = setInterval(() => {
                  void self.clients.get(clientId).then((client) => client || pageClosed());
                }, ALIVE_CHECK_MS);
              }
            });
        if ('chunk' in data) {
          controller.enqueue(new Uint8Array(data.chunk).slice());
          release(data.chunk);
          return;
        }
        port.close();
        if ('done' in data) controller.close();
        else controller.error(new Error(data.error));
      },
      cancel(reason) {
        request({ cancel: reason instanceof Error ? reason.message : 'the download was cancelled' });
        port.close();
      },
    },
    { highWaterMark: AHEAD },
  );
}

/** An RFC 6266 Content-Disposition with an RFC 5987 UTF-8 file name and an ASCII fallback. */
function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The response to a download's request: its page's stream, once; afterwards, or unknown, a 410. */
function downloadResponse(id: string): Response {
  const entry = pending.get(id);
  if (!entry) return new Response('This download has expired: start it again from Coffer.', { status: 410, headers: SANDBOX_HEADERS });
  pending.delete(entry.id);
  clearTimeout(entry.timer);
  const headers = new Headers({
    ...SANDBOX_HEADERS,
    'Content-Type': 'application/octet-stream',
    'Content-Disposition': disposition(entry.name),
  });
  if (Number.isSafeInteger(entry.size)) headers.set('Content-Length', String(entry.size));
  return new Response(pulledStream(entry.port, entry.clientId), { headers });
}

/**
 * Asks the pages that may own preview `id` for the bytes of `range` (the request's Range header). A media element's
 * request names its page (clientId); a navigation (the address opened in a new tab) does not, so then every window of
 * the app is asked and the one that owns the id (128 random bits) answers. Resolves to the first answer that owns
 * it, or null.
 */
async function askOwner(event: FetchEvent, id: string, range: string | null): Promise<unknown> {
  const own = event.clientId ? await self.clients.get(event.clientId) : undefined;
  const candidates = own ? [own] : await self.clients.matchAll({ type: 'window' });
  return new Promise((resolve) => {
    let waiting = candidates.length;
    if (waiting === 0) resolve(null);
    setTimeout(() => resolve(null), ANSWER_MS);
    for (const client of candidates) {
      const channel = new MessageChannel();
      channel.port1.onmessage = ({ data }: MessageEvent<unknown>) => {
        if (typeof data === 'object' && data !== null && 'owned' in data && data.owned === true) resolve(data);
        else if (--waiting === 0) resolve(null);
      };
      const question: PreviewQuestion = { type: 'coffer-preview-range', id, range };
      client.postMessage(question, [channel.port2]);
    }
  });
}

/**
 * The Response for a page's answer; only known statuses and content headers pass, security headers are fixed here.
 * Previews served here are audio and video only. A PDF never is: Chromium's PDF viewer ignores the sandbox directive
 * (its document keeps the app's origin), so the page draws PDFs itself (src/features/preview/pdf-document.ts).
 */
function previewResponse(answer: unknown): Response {
  if (!isOwnedPreviewAnswer(answer)) {
    return new Response('This preview has ended: open it again from Coffer.', { status: 404, headers: SANDBOX_HEADERS });
  }
  const headers = new Headers({ ...SANDBOX_HEADERS, 'Accept-Ranges': 'bytes', 'Content-Type': answer.contentType });
  if (answer.contentLength !== undefined) headers.set('Content-Length', String(answer.contentLength));
  if (answer.contentRange !== undefined) headers.set('Content-Range', answer.contentRange);
  return new Response(answer.body ?? null, { status: answer.status, headers });
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith(DOWNLOAD_PREFIX)) {
    event.respondWith(downloadResponse(url.pathname.slice(DOWNLOAD_PREFIX.length)));
  } else if (url.pathname.startsWith(PREVIEW_PREFIX) && event.request.method === 'GET') {
    const id = url.pathname.slice(PREVIEW_PREFIX.length);
    event.respondWith(askOwner(event, id, event.request.headers.get('Range')).then(previewResponse));
  }
});
