/**
 * SVG shown as a picture only. An SVG is a document that can hold script: in an `<img>` it runs none, but the
 * `<img>`'s URL opened in a new tab would be the SVG document itself, with the app's origin. So the SVG is decoded
 * once as an image, from a data: URL that nothing else ever sees (and that, were it opened, would be a document with
 * an opaque origin), drawn onto a canvas, and only the PNG of that canvas gets a URL the page shows.
 */

/** Longest side of the drawing, in device pixels. */
export const MAX_SIDE = 4096;
/** Most pixels drawn: 16 Mi (64 MiB of RGBA while drawing). */
export const MAX_PIXELS = 16 * 1024 * 1024;

/** A picture drawn from an SVG: the PNG, and the size to show it at in CSS pixels. */
export interface DrawnSvg {
  png: Blob;
  width: number;
  height: number;
}

/** Raised when an SVG cannot be drawn: it does not decode, has no size, or the browser refuses to export it. */
export class SvgDrawError extends Error {
  constructor(reason: string) {
    super(`this SVG could not be drawn as a picture (${reason})`);
    this.name = 'SvgDrawError';
  }
}

/**
 * The canvas size, in device pixels, for an SVG of `width` x `height` CSS pixels on a screen of `pixelRatio`: sharp
 * at its own size, with its aspect ratio, and never past MAX_SIDE on a side or MAX_PIXELS in all.
 */
export function rasterSize(width: number, height: number, pixelRatio: number): { width: number; height: number } {
  const scale = Math.min(Math.max(pixelRatio, 1), MAX_SIDE / Math.max(width, height), Math.sqrt(MAX_PIXELS / (width * height)));
  return { width: Math.max(1, Math.floor(width * scale)), height: Math.max(1, Math.floor(height * scale)) };
}

function dataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('the SVG could not be read'));
    reader.readAsDataURL(blob);
  });
}

/** Draws the SVG `bytes` as a PNG (rejects with SvgDrawError when it cannot be). */
export async function rasteriseSvg(bytes: Blob, pixelRatio = window.devicePixelRatio || 1): Promise<DrawnSvg> {
  const image = new Image();
  image.src = await dataUrl(new Blob([bytes], { type: 'image/svg+xml' }));
  try {
    await image.decode();
  } catch {
    throw new SvgDrawError('it does not decode');
  }
  const { naturalWidth, naturalHeight } = image;
  if (naturalWidth === 0 || naturalHeight === 0) throw new SvgDrawError('it has no size');
  const size = rasterSize(naturalWidth, naturalHeight, pixelRatio);
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  try {
    canvas.getContext('2d')?.drawImage(image, 0, 0, size.width, size.height);
    const png = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (png === null) throw new SvgDrawError('the picture is too large');
    const ratio = Math.max(pixelRatio, 1);
    return { png, width: Math.round(size.width / ratio), height: Math.round(size.height / ratio) };
  } catch (error) {
    // A canvas that drew an SVG with a foreignObject is tainted in some browsers: toBlob throws a SecurityError.
    if (error instanceof SvgDrawError) throw error;
    throw new SvgDrawError('the browser does not let it be exported');
  } finally {
    canvas.width = 0;
    canvas.height = 0;
  }
}
