/** Reading a Coffer object's header alone, through any ranged reader (a signed URL, an API-signed GET). */
import { HEADER_PREFIX_LENGTH, headerLength } from '../format';
import type { ApiClient } from './api-client';
import { getObjectRange } from './objects';
import { httpError } from './retry';

/** Bytes asked for first: most headers fit, longer ones take a second request. */
const FIRST_READ = Math.max(4096, HEADER_PREFIX_LENGTH);

/** Reads bytes [start, end) (fewer if the object is shorter). */
export type RangeReader = (start: number, endExclusive: number) => Promise<Uint8Array>;

/** The exact header bytes of an object: its first bytes, then more if the header declares a longer length. */
export async function readObjectHeader(read: RangeReader): Promise<Uint8Array> {
  const first = await read(0, FIRST_READ);
  const length = headerLength(first);
  return (length <= first.length ? first : await read(0, length)).slice(0, length);
}

/** The exact header bytes of an object in the user's space, read through GETs the endpoint signs. */
export function readStoredHeader(api: ApiClient, key: string, signal?: AbortSignal): Promise<Uint8Array> {
  return readObjectHeader((start, end) => getObjectRange(api, key, start, end, signal));
}

/** A RangeReader over one pre-signed GET URL. */
export function urlRangeReader(url: string, signal?: AbortSignal): RangeReader {
  return async (start, end) => {
    const response = await fetch(url, { headers: { Range: `bytes=${start}-${end - 1}` }, signal });
    if (!response.ok) throw await httpError(response, 'send the file');
    return new Uint8Array(await response.arrayBuffer());
  };
}

/** Reads exactly what a URL signed for one Range returns (its headers sent as given). */
export async function readSignedRange(url: string, headers: Record<string, string>, signal?: AbortSignal): Promise<Uint8Array> {
  const response = await fetch(url, { headers, signal });
  if (!response.ok) throw await httpError(response, 'send the file');
  return new Uint8Array(await response.arrayBuffer());
}
