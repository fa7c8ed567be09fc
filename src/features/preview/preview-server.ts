/**
 * The page's side of streamed previews. A media element requests `/coffer-preview/<id>`; the service worker
 * (src/transfer/save/download-sw.ts, which holds no keys and does no crypto) relays the request and its Range header here, and
 * this page answers with a stream of plaintext for that range, authenticated and decrypted by its own workers. Seeking
 * makes a new Range request, so only the chunks that are played are fetched and decrypted.
 */
import {
  isPreviewQuestion,
  PREVIEW_PREFIX,
  sender,
  SERVICE_WORKER_SCOPE,
  SERVICE_WORKER_URL,
  type PreviewAnswer,
  type PreviewQuestion,
} from '../../transfer/save/download-sw-protocol';
import { resolveRange } from './http-range';
import { ActiveTypeError, AUDIO_TYPES, VIDEO_TYPES } from './inert-url';

/** A file a preview URL serves. */
export interface PreviewSource {
  /** Plaintext size in bytes. */
  size: number;
  /** The Content-Type to answer with: an audio or video type of the inert lists (inert-url.ts). */
  contentType: string;
  /** Plaintext [start, end) as a stream that errors rather than release bytes that did not authenticate. */
  read(start: number, end: number): ReadableStream<Uint8Array>;
  /** Told when a read fails (e.g. a chunk did not authenticate): the element sees only a network error. */
  onError(error: unknown): void;
}

/** Longest wait for the service worker to take control of a page that has none. */
const CONTROL_WAIT_MS = 4_000;

/** Previews this page serves, by their random id, each with the signal that ends its responses when it stops. */
const served = new Map<string, { source: PreviewSource; stopped: AbortSignal }>();
let listening = false;

/** Answers one relayed request on its port: whether this page owns the id and, if so, status, headers and body. */
function answer(question: PreviewQuestion, port: MessagePort): void {
  const reply = sender<PreviewAnswer>(port);
  const entry = served.get(question.id);
  if (!entry) return reply({ owned: false });
  const { source, stopped } = entry;
  const { size, contentType } = source;
  const range = resolveRange(question.range, size);
  if (range.status === 416) return reply({ owned: true, status: 416, contentType, contentRange: range.contentRange });
  let body: ReadableStream<Uint8Array>;
  try {
    // A failure is reported to the dialog, then passed on: the element's response ends with a network error.
    body = reportingErrors(source.read(range.start, range.end), source.onError, stopped);
  } catch (error) {
    source.onError(error);
    return reply({ owned: true, status: 500, contentType: 'text/plain' });
  }
  const contentRange = range.status === 206 ? range.contentRange : undefined;
  reply({ owned: true, status: range.status, contentType, contentLength: range.end - range.start, contentRange, body }, [
    body as unknown as Transferable,
  ]);
}

/**
 * The same stream, calling `onError` when it fails - not when its reader cancels it, as a media element does with
 * every request it abandons on a seek (a read pending at that moment ends quietly). When `stopped` aborts (the preview
 * closed), the source is cancelled, so nothing more is fetched, and the stream errors with the abort's reason.
 */
export function reportingErrors(
  stream: ReadableStream<Uint8Array>,
  onError: (error: unknown) => void,
  stopped?: AbortSignal,
): ReadableStream<Uint8Array> {
  const reader = stream.getReader();
  let cancelled = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const stop = () => {
          if (cancelled) return;
          cancelled = true;
          controller.error(stopped?.reason);
          void reader.cancel(stopped?.reason).catch(() => undefined);
        };
        if (stopped?.aborted) stop();
        else stopped?.addEventListener('abort', stop, { once: true });
      },
      async pull(controller) {
        let next: ReadableStreamReadResult<Uint8Array>;
        try {
          next = await reader.read();
        } catch (error) {
          if (cancelled) return;
          onError(error);
          return controller.error(error);
        }
        if (cancelled) return;
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      cancel(reason) {
        cancelled = true;
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

function onMessage(event: MessageEvent): void {
  const port = event.ports[0];
  if (!port || !isPreviewQuestion(event.data)) return;
  answer(event.data, port);
}

/**
 * True once a service worker controls this page, so that its media requests reach the worker; registers the worker
 * and waits briefly for it to take control when it has not (the first visit). False where that cannot happen (no
 * service workers, an insecure origin, or a page loaded with a forced reload, which the worker must not control).
 */
export async function previewStreamingReady(): Promise<boolean> {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return false;
  const container = navigator.serviceWorker;
  if (container.controller) return true;
  try {
    const controlled = new Promise<void>((resolve) => container.addEventListener('controllerchange', () => resolve(), { once: true }));
    await container.register(SERVICE_WORKER_URL, { scope: SERVICE_WORKER_SCOPE });
    await Promise.race([Promise.all([container.ready, controlled]), new Promise((resolve) => setTimeout(resolve, CONTROL_WAIT_MS))]);
  } catch {
    return false;
  }
  return container.controller !== null;
}

/** Serves `source` at a fresh same-origin URL until `stop()`, which also ends its responses; only this page can read it. */
export function servePreview(source: PreviewSource): { url: string; stop(): void } {
  // The worker's answers are sandboxes, but a PDF's viewer ignores that (see pdf-document.ts): media only.
  if (!AUDIO_TYPES.has(source.contentType) && !VIDEO_TYPES.has(source.contentType)) throw new ActiveTypeError(source.contentType);
  if (!listening) {
    navigator.serviceWorker.addEventListener('message', onMessage);
    navigator.serviceWorker.startMessages();
    listening = true;
  }
  const id = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  const stopper = new AbortController();
  served.set(id, { source, stopped: stopper.signal });
  return {
    url: `${PREVIEW_PREFIX}${id}`,
    stop() {
      served.delete(id);
      stopper.abort(new DOMException('the preview was closed', 'AbortError'));
    },
  };
}
