// @ts-check
/// <reference lib="webworker" />
/**
 * Coffer's download service worker. It does no crypto and sees no keys: the page hands it a stream of plaintext that
 * the page's workers have already authenticated and decrypted, and it serves that stream as a file download, so large
 * files go to disk without being held in memory. Nothing is cached; entries live only until their one download starts.
 */
const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));
const PREFIX = '/coffer-download/';
/** Streams waiting for their download request, by id. */
const pending = new Map();
/** Entries not claimed within this time are dropped (the page gave up or was closed). */
const CLAIM_MS = 60_000;

sw.addEventListener('install', () => void sw.skipWaiting());
sw.addEventListener('activate', (event) => event.waitUntil(sw.clients.claim()));

sw.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'coffer-download' || typeof data.id !== 'string' || !(data.stream instanceof ReadableStream)) return;
  const timer = setTimeout(() => {
    pending.delete(data.id);
    data.stream.cancel('the download was not started').catch(() => undefined);
  }, CLAIM_MS);
  pending.set(data.id, { ...data, timer });
  event.ports[0]?.postMessage({ ready: true });
});

/** An RFC 6266 Content-Disposition with an RFC 5987 UTF-8 file name and an ASCII fallback. */
function disposition(name) {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

sw.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== sw.location.origin || !url.pathname.startsWith(PREFIX)) return;
  const entry = pending.get(url.pathname.slice(PREFIX.length));
  if (!entry) {
    event.respondWith(new Response('This download has expired: start it again from Coffer.', { status: 410 }));
    return;
  }
  pending.delete(entry.id);
  clearTimeout(entry.timer);
  const headers = new Headers({
    'Content-Type': 'application/octet-stream',
    'Content-Disposition': disposition(entry.name),
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  if (Number.isSafeInteger(entry.size)) headers.set('Content-Length', String(entry.size));
  event.respondWith(new Response(entry.stream, { headers }));
});
