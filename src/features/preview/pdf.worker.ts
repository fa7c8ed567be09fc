/**
 * PDF.js's worker: it parses a PDF (hostile content) away from the page and hands the page only drawing operations.
 * Loading the module is all it takes: PDF.js's worker listens on the worker's own port.
 */
import 'pdfjs-dist/build/pdf.worker.min.mjs';
