/**
 * The only way Coffer turns decrypted bytes into a URL the page renders. A blob: URL has the app's origin and carries
 * no headers (no CSP, no sandbox, no nosniff), and a user can open it in a new tab: if it held an SVG, HTML, XML or
 * PDF document, that document would run with the app's origin, its storage and its token. So a blob: URL is made only
 * for types that every browser shows as an inert document when one is opened - raster images, audio, video - and the
 * blob is typed with exactly that type (an untyped blob would be sniffed, and could turn out to be HTML).
 *
 * The lists are exact names, not patterns: a browser parses any `…/…+xml` type as XML (XHTML and SVG script
 * included), whatever comes before the slash.
 */

/** Raster image types every current browser decodes in an `<img>`; opened as a document, they are an image viewer. */
export const RASTER_IMAGE_TYPES: ReadonlySet<string> = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/bmp',
  'image/x-icon',
  'image/vnd.microsoft.icon',
]);

/** Audio types a browser may play; opened as a document, a media player (or a download). */
export const AUDIO_TYPES: ReadonlySet<string> = new Set([
  'audio/aac',
  'audio/flac',
  'audio/x-flac',
  'audio/mp4',
  'audio/x-m4a',
  'audio/mpeg',
  'audio/mp3',
  'audio/ogg',
  'audio/opus',
  'audio/wav',
  'audio/wave',
  'audio/x-wav',
  'audio/webm',
]);

/** Video types a browser may play; opened as a document, a media player (or a download). */
export const VIDEO_TYPES: ReadonlySet<string> = new Set([
  'video/mp4',
  'video/x-m4v',
  'video/webm',
  'video/ogg',
  'video/quicktime',
  'video/x-matroska',
  'video/3gpp',
]);

/** True when a document of `type` (exact, lower-case, no parameters) can run no script, whoever opens its URL. */
export function isInertType(type: string): boolean {
  return RASTER_IMAGE_TYPES.has(type) || AUDIO_TYPES.has(type) || VIDEO_TYPES.has(type);
}

/** Raised when code asks for a URL of decrypted bytes of a type that could run script. */
export class ActiveTypeError extends Error {
  constructor(type: string) {
    super(`preview: internal error: no URL of decrypted bytes is made for ${JSON.stringify(type)}, which could run script when opened`);
    this.name = 'ActiveTypeError';
  }
}

/**
 * A blob: URL of `parts`, typed `type`, which must be an inert type (else ActiveTypeError). The caller revokes it
 * when the preview closes.
 */
export function inertObjectUrl(parts: BlobPart[], type: string): string {
  if (!isInertType(type)) throw new ActiveTypeError(type);
  return URL.createObjectURL(new Blob(parts, { type }));
}
