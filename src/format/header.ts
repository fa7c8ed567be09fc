/** The header: prefix, file salt, stanzas, sealed metadata, MAC. */
import { buf, ByteReader, concat, equalBytes, u16, u32 } from './bytes';
import {
  FILE_MAGIC,
  FILE_SALT_LENGTH,
  FORMAT_VERSION,
  HEADER_PREFIX_LENGTH,
  MAC_LENGTH,
  MAX_HEADER_LENGTH,
  MAX_STANZA_BODY,
  MAX_STANZAS,
  TAG_LENGTH,
} from './constants';
import { FormatError, internalError } from './errors';
import { sealOnce, type FileKeys } from './keys';
import { MAX_SEALED_METADATA } from './metadata';
import { parseStanza, type ParsedStanza, type RawStanza } from './stanzas';

/** Smallest possible header: prefix, salt, count, one empty stanza, empty sealed metadata, MAC. */
export const MIN_HEADER_LENGTH = HEADER_PREFIX_LENGTH + FILE_SALT_LENGTH + 1 + 3 + 2 + TAG_LENGTH + MAC_LENGTH;

/** A header whose structure was checked; not yet authenticated. */
export interface ParsedHeader {
  length: number;
  salt: Uint8Array;
  stanzas: ParsedStanza[];
  /** The same stanzas as they sit in the header (type and body), for copying byte for byte. */
  rawStanzas: RawStanza[];
  sealedMetadata: Uint8Array;
  /** Every header byte before the MAC: what the MAC covers. */
  macInput: Uint8Array;
  mac: Uint8Array;
}

/** The header's total length, from its first HEADER_PREFIX_LENGTH bytes. */
export function headerLength(prefix: Uint8Array): number {
  const magic = prefix.subarray(0, FILE_MAGIC.length);
  if (!equalBytes(magic, FILE_MAGIC.subarray(0, magic.length))) throw new FormatError('not-coffer');
  if (prefix.length < HEADER_PREFIX_LENGTH) throw new FormatError('truncated', 'the header is incomplete');
  const view = new DataView(prefix.buffer, prefix.byteOffset, HEADER_PREFIX_LENGTH);
  const version = view.getUint32(8);
  if (version !== FORMAT_VERSION) throw new FormatError('unsupported-version', `version ${version}; this reader knows ${FORMAT_VERSION}`);
  const length = view.getUint32(12);
  if (length > MAX_HEADER_LENGTH) throw new FormatError('limits-exceeded', `header length ${length} > ${MAX_HEADER_LENGTH}`);
  if (length < MIN_HEADER_LENGTH) throw new FormatError('malformed-header', `header length ${length} < ${MIN_HEADER_LENGTH}`);
  return length;
}

/** Checks a header's structure (bytes past its length are ignored). Nothing here is authenticated yet. */
export function parseHeader(bytes: Uint8Array): ParsedHeader {
  const length = headerLength(bytes);
  if (bytes.length < length) throw new FormatError('truncated', 'the header is incomplete');
  const r = new ByteReader(bytes.subarray(0, length - MAC_LENGTH), 'malformed-header');
  r.take(HEADER_PREFIX_LENGTH, 'prefix');
  const salt = r.take(FILE_SALT_LENGTH, 'salt');
  const count = r.u8('stanza count');
  if (count === 0) throw new FormatError('malformed-header', 'no recipient stanzas');
  if (count > MAX_STANZAS) throw new FormatError('limits-exceeded', `${count} stanzas > ${MAX_STANZAS}`);
  const raw: RawStanza[] = [];
  for (let i = 0; i < count; i++) {
    const type = r.u8('stanza type');
    const size = r.u16('stanza length');
    if (size > MAX_STANZA_BODY) throw new FormatError('limits-exceeded', `stanza of ${size} bytes > ${MAX_STANZA_BODY}`);
    raw.push({ type, body: r.take(size, 'stanza') });
  }
  const stanzas = raw.map(parseStanza);
  if (stanzas.filter((s) => s.type === 'passphrase').length > 1) {
    throw new FormatError('malformed-header', 'more than one passphrase stanza');
  }
  const metaLength = r.u16('metadata length');
  if (metaLength > MAX_SEALED_METADATA) throw new FormatError('limits-exceeded', 'metadata block too large');
  if (metaLength < TAG_LENGTH) throw new FormatError('malformed-header', 'metadata block too short');
  const sealedMetadata = r.take(metaLength, 'metadata');
  r.end('metadata');
  return { length, salt, stanzas, rawStanzas: raw, sealedMetadata, macInput: bytes.subarray(0, length - MAC_LENGTH), mac: bytes.subarray(length - MAC_LENGTH, length) };
}

/** Assembles and MACs a header. `metadata` is the encoded (not yet sealed) block. */
export async function buildHeader(keys: FileKeys, salt: Uint8Array, stanzas: readonly RawStanza[], metadata: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return assembleHeader(keys, salt, stanzas, await sealOnce(keys.metadata, metadata));
}

/**
 * Assembles and MACs a header around metadata already sealed (re-wrapping keeps the sealed bytes as they are: the
 * metadata key seals exactly one message).
 */
export async function assembleHeader(keys: FileKeys, salt: Uint8Array, stanzas: readonly RawStanza[], sealed: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  if (salt.length !== FILE_SALT_LENGTH || stanzas.length === 0 || stanzas.length > MAX_STANZAS) {
    throw internalError('bad header inputs');
  }
  const parts = stanzas.map((s) => concat(new Uint8Array([s.type]), u16(s.body.length), s.body));
  const body = concat(salt, new Uint8Array([stanzas.length]), ...parts, u16(sealed.length), sealed);
  const length = HEADER_PREFIX_LENGTH + body.length + MAC_LENGTH;
  if (length > MAX_HEADER_LENGTH) throw new RangeError('format: too many recipients for one header');
  const macInput = concat(FILE_MAGIC, u32(FORMAT_VERSION), u32(length), body);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', keys.mac, macInput));
  return concat(macInput, mac);
}

/** Verifies the header MAC (constant time, inside WebCrypto). */
export function verifyMac(keys: FileKeys, header: ParsedHeader): Promise<boolean> {
  return crypto.subtle.verify('HMAC', keys.mac, buf(header.mac), buf(header.macInput));
}
