import { useEffect, useId, useRef, useState } from 'react';
import type { PdfDocument } from '../pdf-document';

/** Most pages a preview lists; the rest are for the downloaded file. */
export const PAGE_LIMIT = 500;

/**
 * The pages of a PDF, each drawn into a canvas when it comes near the visible part of the dialog (so a long PDF costs
 * only the pages looked at), with its text as the canvas's accessible description.
 */
export function PdfPages({ document, name }: { document: PdfDocument; name: string }) {
  const count = document.pageCount;
  const shown = Math.min(count, PAGE_LIMIT);
  return (
    <section className="preview-pdf" aria-label={`${name} (PDF)`}>
      {shown < count && (
        <p className="preview-note">
          Showing the first {shown} of {count} pages. Download the file to see all of it.
        </p>
      )}
      {Array.from({ length: shown }, (_, i) => (
        <PdfPage key={i} document={document} number={i + 1} count={count} />
      ))}
    </section>
  );
}

function PdfPage({ document, number, count }: { document: PdfDocument; number: number; count: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const descriptionId = useId();
  const [state, setState] = useState<{ drawn: false; failed: boolean } | { drawn: true; text: string }>({ drawn: false, failed: false });
  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const controller = new AbortController();
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        observer.disconnect();
        const width = element.parentElement?.clientWidth || element.clientWidth || 800;
        document.drawPage(number, element, width, controller.signal).then(
          (text) => setState({ drawn: true, text }),
          () => {
            if (!controller.signal.aborted) setState({ drawn: false, failed: true });
          },
        );
      },
      { rootMargin: '50% 0px' },
    );
    observer.observe(element);
    return () => {
      observer.disconnect();
      controller.abort();
    };
  }, [document, number]);
  const label = `Page ${number} of ${count}`;
  return (
    <figure className="preview-pdf-page" data-drawn={state.drawn}>
      <canvas ref={canvas} role="img" aria-label={label} aria-describedby={state.drawn ? descriptionId : undefined} />
      {state.drawn && (
        <figcaption id={descriptionId} className="visually-hidden">
          {state.text}
        </figcaption>
      )}
      {!state.drawn && state.failed && <figcaption className="error">{label} could not be drawn.</figcaption>}
    </figure>
  );
}
