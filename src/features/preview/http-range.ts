/**
 * HTTP Range requests (RFC 9110 section 14) for the preview URLs a media element reads: which bytes of a file of a
 * known size a Range header asks for, and how to answer it.
 */

/** How to answer a request for a file of `size` bytes: the whole file, one range [start, end), or 416. */
export type RangeAnswer =
  | { status: 200; start: 0; end: number }
  | { status: 206; start: number; end: number; contentRange: string }
  | { status: 416; contentRange: string };

/**
 * Resolves a Range header against a size. One range of the `bytes` unit is served as 206; a header that is absent,
 * malformed or asks for several ranges is ignored, as RFC 9110 allows, and the whole file is served (200); a range that
 * starts at or after the end is unsatisfiable (416).
 */
export function resolveRange(header: string | null, size: number): RangeAnswer {
  const whole = { status: 200, start: 0, end: size } as const;
  const match = header === null ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return whole;
  const [, first = '', last = ''] = match;
  const unsatisfiable = { status: 416, contentRange: `bytes */${size}` } as const;
  let start: number;
  let end: number;
  if (first === '') {
    if (last === '') return whole;
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return unsatisfiable;
    start = Math.max(0, size - suffix);
    end = size;
  } else {
    start = Number(first);
    const lastByte = last === '' ? Infinity : Number(last);
    if (!Number.isSafeInteger(start) || lastByte < start) return whole;
    if (start >= size) return unsatisfiable;
    end = Math.min(lastByte + 1, size);
  }
  return { status: 206, start, end, contentRange: `bytes ${start}-${end - 1}/${size}` };
}
