/**
 * What a preview shows, loaded once per opened file and released when it closes: images and text as decrypted bytes
 * in memory (text only its first part), an SVG as a PNG drawn from it, a PDF's pages drawn into canvases by PDF.js,
 * audio and video streamed range by range through the service worker - or, where no service worker controls the
 * page, in memory when small enough. Nothing decrypted becomes a document of the app's origin: blob: URLs are made
 * only for inert types (inert-url.ts), a PDF and an SVG get no URL at all, and what the service worker serves is a
 * sandbox (src/transfer/save/download-sw.ts).
 */
import { useEffect, useState } from 'react';
import type { FileMetadata } from '../../../format';
import { describeTransferError } from '../../../transfer/describe-error';
import { useApi, useVault } from '../../../session/session-context';
import { inertObjectUrl } from '../inert-url';
import { openPdf, PdfReadError, type PdfDocument } from '../pdf-document';
import { previewStreamingReady, servePreview } from '../preview-server';
import { rasteriseSvg, SvgDrawError } from '../rasterise-svg';
import { ChangedInStorageError, effectiveType, openPreview, previewKind, type OpenedPreview } from './open-preview';

/** Largest image, SVG or PDF decrypted into memory for display. */
export const IMAGE_LIMIT = 64 * 1024 * 1024;
/** Largest audio or video file decrypted into memory when it cannot be streamed. */
export const IN_MEMORY_LIMIT = 32 * 1024 * 1024;
/** Bytes of a text file shown; the rest stays in storage. */
export const TEXT_LIMIT = 256 * 1024;

/** What the dialog shows; an image drawn from an SVG comes with the size to show it at (CSS pixels). */
export type PreviewContent =
  | { view: 'image'; url: string; type: string; size?: { width: number; height: number } }
  | { view: 'pdf'; document: PdfDocument }
  | { view: 'audio' | 'video'; url: string; type: string }
  | { view: 'text'; text: string; shown: number; size: number }
  | { view: 'none'; reason: string };

/** The preview's state. */
export type PreviewState = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; content: PreviewContent };

/** The file to preview, as the file list knows it. */
export interface PreviewFile {
  key: string;
  storedSize: number;
  metadata: FileMetadata;
}

/** A sentence for a failed preview; a changed or corrupted file says so plainly. */
export function describePreviewError(error: unknown): string {
  if (error instanceof ChangedInStorageError) return error.message;
  const { kind, message } = describeTransferError(error);
  if (kind === 'tampered') return 'This file was changed in storage: part of it does not authenticate, so Coffer will not show it.';
  return `Could not preview this file: ${message}`;
}

/** Every chunk of a stream. Read by hand: Response.arrayBuffer() would turn the stream's own error into a TypeError. */
async function chunksOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array<ArrayBuffer>[]> {
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  const reader = stream.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value as Uint8Array<ArrayBuffer>);
  return chunks;
}

/** A blob: URL of the whole file, typed `type` (an inert type: see inert-url.ts). */
async function blobUrl(opened: OpenedPreview, type: string, release: (() => void)[]): Promise<string> {
  const url = inertObjectUrl(await chunksOf(opened.reader.read(0, opened.metadata.size)), type);
  release.push(() => URL.revokeObjectURL(url));
  return url;
}

/** An SVG as a PNG drawn from it, once all of it authenticated; the SVG's own bytes never get a URL. */
async function drawnSvg(opened: OpenedPreview, release: (() => void)[]): Promise<PreviewContent> {
  const svg = new Blob(await chunksOf(opened.reader.read(0, opened.metadata.size)));
  try {
    const { png, width, height } = await rasteriseSvg(svg);
    const url = inertObjectUrl([png], 'image/png');
    release.push(() => URL.revokeObjectURL(url));
    return { view: 'image', url, type: 'image/png', size: { width, height } };
  } catch (error) {
    if (!(error instanceof SvgDrawError)) throw error;
    return { view: 'none', reason: `Coffer shows an SVG only as a picture drawn from it, and ${error.message}. Download it to open it.` };
  }
}

/** A PDF opened for drawing, once all of it authenticated; its bytes never get a URL. */
async function drawnPdf(opened: OpenedPreview, release: (() => void)[]): Promise<PreviewContent> {
  const bytes = new Uint8Array(await new Blob(await chunksOf(opened.reader.read(0, opened.metadata.size))).arrayBuffer());
  try {
    const document = await openPdf(bytes);
    release.push(() => document.close());
    return { view: 'pdf', document };
  } catch (error) {
    if (!(error instanceof PdfReadError)) throw error;
    return { view: 'none', reason: `Coffer cannot show this PDF: ${error.message}. Download it to open it.` };
  }
}

function baseName(path: string): string {
  return path.split('/').pop() || path;
}

/** Loads what the preview of `file` shows; `release` collects what to free when it closes. */
async function loadPreview(
  open: () => Promise<OpenedPreview>,
  file: PreviewFile,
  release: (() => void)[],
  onStreamError: (error: unknown) => void,
): Promise<PreviewContent> {
  const type = effectiveType(file.metadata);
  const kind = previewKind(type);
  // Said by the file's name, not its MIME type: people know the file, not "application/x-7z-compressed".
  const name = baseName(file.metadata.name);
  // Nothing to fetch: the size is the authenticated one of the listing (sealed name or header).
  if (file.metadata.size === 0) return { view: 'none', reason: `${name} is empty: it has no bytes to show.` };
  if (kind === 'none') return { view: 'none', reason: `Coffer cannot show ${name} in the browser. Download it to open it.` };
  if ((kind === 'audio' || kind === 'video') && document.createElement(kind).canPlayType(type) === '') {
    return { view: 'none', reason: `This browser cannot play ${name}: its ${kind} format is not one it knows. Download it to open it.` };
  }
  if ((kind === 'image' || kind === 'svg' || kind === 'pdf') && file.metadata.size > IMAGE_LIMIT) {
    const what = kind === 'pdf' ? 'PDF' : 'image';
    return { view: 'none', reason: `This ${what} is too large to show here (over 64 MiB). Download it to open it.` };
  }
  const opened = await open();
  const { size } = opened.metadata;
  if (kind === 'text') {
    const shown = Math.min(size, TEXT_LIMIT);
    // stream: true holds back a character cut at the limit instead of showing a replacement mark.
    const bytes = await new Blob(await chunksOf(opened.reader.read(0, shown))).arrayBuffer();
    const text = new TextDecoder().decode(bytes, { stream: shown < size });
    return { view: 'text', text, shown, size };
  }
  if (kind === 'image') return { view: 'image', url: await blobUrl(opened, type, release), type };
  if (kind === 'svg') return drawnSvg(opened, release);
  if (kind === 'pdf') return drawnPdf(opened, release);
  if (await previewStreamingReady()) {
    const served = servePreview({ size, contentType: type, read: (start, end) => opened.reader.read(start, end), onError: onStreamError });
    release.push(served.stop);
    return { view: kind, url: served.url, type };
  }
  if (size <= IN_MEMORY_LIMIT) return { view: kind, url: await blobUrl(opened, type, release), type };
  return {
    view: 'none',
    reason:
      'This file is too large to preview until Coffer’s service worker runs in this tab, which it does after a normal reload (not a forced one). You can download it now.',
  };
}

/** The preview of one file, loaded when the component mounts and released when it unmounts. */
export function usePreview(file: PreviewFile): PreviewState {
  const api = useApi();
  const vault = useVault();
  const [state, setState] = useState<PreviewState>({ status: 'loading' });
  const { key, storedSize } = file;
  const { name, type, size, modified } = file.metadata;
  useEffect(() => {
    let active = true;
    const release: (() => void)[] = [];
    const free = () => release.splice(0).forEach((f) => f());
    const fail = (error: unknown) => {
      if (active) setState({ status: 'error', message: describePreviewError(error) });
    };
    const metadata = { name, type, size, modified };
    loadPreview(() => openPreview(api, vault, key, storedSize), { key, storedSize, metadata }, release, fail).then((content) => {
      if (active) setState({ status: 'ready', content });
      else free(); // closed while loading
    }, fail);
    return () => {
      active = false;
      free();
    };
  }, [api, vault, key, storedSize, name, type, size, modified]);
  return state;
}
