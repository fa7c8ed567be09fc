/**
 * PDFs drawn by PDF.js into canvases of the page, never shown as a document. The browser's own viewer needs the PDF
 * as a document of its own, and in Chromium (measured in 156) that document keeps the app's origin: the viewer
 * refuses a frame with a sandbox attribute, and it ignores a `Content-Security-Policy: sandbox` on the response. A
 * hostile PDF is then a document of the app's origin, in the frame and in a new tab. Here the PDF gets no URL and no
 * document: PDF.js parses it in a worker of its own and the page paints each page's drawing into a canvas.
 *
 * Nothing of the PDF runs: PDF.js core never runs a PDF's JavaScript (only its viewer does, with a scripting bundle
 * Coffer does not load), strings are never evaluated as code (isEvalSupported: false, and the app's CSP forbids eval
 * anyway), XFA forms are not rendered, and no annotation layer is drawn, so a PDF's links are not links here.
 */
import type { PDFDocumentProxy, PDFWorker } from 'pdfjs-dist';

/** A PDF open for drawing. */
export interface PdfDocument {
  readonly pageCount: number;
  /**
   * Draws page `number` (from 1) into `canvas`, `cssWidth` CSS pixels wide at the screen's pixel ratio; resolves to the
   * page's text (for its accessible description). `signal` stops a drawing in progress.
   */
  drawPage(number: number, canvas: HTMLCanvasElement, cssWidth: number, signal: AbortSignal): Promise<string>;
  /** Frees the document and ends its worker. */
  close(): void;
}

/** Raised when PDF.js cannot read the file as a PDF. */
export class PdfReadError extends Error {
  constructor(reason: string) {
    super(`it could not be read as a PDF (${reason})`);
    this.name = 'PdfReadError';
  }
}

/** Most pixels one page's canvas gets (16 Mi: 64 MiB of RGBA). */
const MAX_CANVAS_PIXELS = 16 * 1024 * 1024;

/** Opens `bytes` (the whole authenticated PDF) in a fresh PDF.js worker. PDF.js itself loads only when first needed. */
export async function openPdf(bytes: Uint8Array): Promise<PdfDocument> {
  const pdfjs = await import('pdfjs-dist');
  const worker = new Worker(new URL('./pdf.worker.ts', import.meta.url), { type: 'module', name: 'coffer-pdf' });
  let pdfWorker: PDFWorker | undefined;
  let document: PDFDocumentProxy;
  try {
    pdfWorker = pdfjs.PDFWorker.create({ port: worker });
    document = await pdfjs.getDocument({
      data: bytes,
      worker: pdfWorker,
      isEvalSupported: false,
      enableXfa: false,
      // Nothing is fetched: every byte is the file's, already authenticated.
      disableRange: true,
      disableStream: true,
      disableAutoFetch: true,
      useWorkerFetch: false,
      stopAtErrors: false,
      verbosity: pdfjs.VerbosityLevel.ERRORS,
    }).promise;
  } catch (error) {
    pdfWorker?.destroy();
    worker.terminate();
    throw new PdfReadError(error instanceof Error ? error.message : String(error));
  }
  return {
    pageCount: document.numPages,
    async drawPage(number, canvas, cssWidth, signal) {
      const page = await document.getPage(number);
      const unscaled = page.getViewport({ scale: 1 });
      const ratio = Math.max(window.devicePixelRatio || 1, 1);
      const wanted = (cssWidth * ratio) / unscaled.width;
      const scale = Math.min(wanted, Math.sqrt(MAX_CANVAS_PIXELS / (unscaled.width * unscaled.height)));
      const viewport = page.getViewport({ scale });
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      const task = page.render({ canvas, viewport });
      const cancel = () => task.cancel();
      signal.addEventListener('abort', cancel, { once: true });
      try {
        await task.promise;
        const text = await page.getTextContent();
        return text.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('');
      } finally {
        signal.removeEventListener('abort', cancel);
        page.cleanup();
      }
    },
    close() {
      void document.destroy().finally(() => {
        pdfWorker?.destroy();
        worker.terminate();
      });
    },
  };
}
