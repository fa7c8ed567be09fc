/** The metadata block: binary encoding, then AES-256-GCM under the metadata key. */
import { ByteReader, concat, fromUtf8, i64, u16, u64, utf8 } from './bytes';
import { MAX_NAME_BYTES, MAX_PLAINTEXT_SIZE, MAX_TYPE_BYTES, TAG_LENGTH } from './constants';
import { FormatError } from './errors';
import type { FileMetadata } from './types';

/** Largest sealed metadata block: size, modified, two length-prefixed strings, tag. */
export const MAX_SEALED_METADATA = 8 + 8 + 2 + MAX_NAME_BYTES + 2 + MAX_TYPE_BYTES + TAG_LENGTH;

/** size u64 || modified i64 || name length u16 || name || type length u16 || type (UTF-8, big-endian). */
export function encodeMetadata(m: FileMetadata): Uint8Array {
  if (!Number.isSafeInteger(m.size) || m.size < 0 || m.size > MAX_PLAINTEXT_SIZE) {
    throw new RangeError('format: metadata.size must be a non-negative safe integer');
  }
  if (!Number.isSafeInteger(m.modified)) throw new RangeError('format: metadata.modified must be a safe integer (ms)');
  const name = utf8(m.name);
  const type = utf8(m.type);
  if (name.length > MAX_NAME_BYTES) throw new RangeError(`format: metadata.name is over ${MAX_NAME_BYTES} UTF-8 bytes`);
  if (type.length > MAX_TYPE_BYTES) throw new RangeError(`format: metadata.type is over ${MAX_TYPE_BYTES} UTF-8 bytes`);
  return concat(u64(m.size), i64(m.modified), u16(name.length), name, u16(type.length), type);
}

/** Decodes an authenticated metadata block; typed 'malformed-header' / 'limits-exceeded' errors. */
export function decodeMetadata(bytes: Uint8Array): FileMetadata {
  const r = new ByteReader(bytes, 'malformed-header');
  const size = r.u64('metadata size');
  const modified = r.i64('metadata modified');
  const name = text(r, MAX_NAME_BYTES, 'name');
  const type = text(r, MAX_TYPE_BYTES, 'type');
  r.end('metadata');
  return { name, type, size, modified };
}

function text(r: ByteReader, max: number, what: string): string {
  const length = r.u16(`metadata ${what} length`);
  if (length > max) throw new FormatError('limits-exceeded', `metadata ${what} is over ${max} bytes`);
  const value = fromUtf8(r.take(length, `metadata ${what}`));
  if (value === undefined) throw new FormatError('malformed-header', `metadata ${what} is not UTF-8`);
  return value;
}
