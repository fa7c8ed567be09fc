/** Byte helpers: big-endian integers, a bounds-checked reader, strict UTF-8. */
import { FormatError, type FormatErrorCode } from './errors';

/** Concatenates byte arrays into one new array. */
export function concat(...parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Big-endian unsigned 32-bit integer as 4 bytes. */
export function u32(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n);
  return out;
}

/** Big-endian unsigned 16-bit integer as 2 bytes. */
export function u16(n: number): Uint8Array {
  const out = new Uint8Array(2);
  new DataView(out.buffer).setUint16(0, n);
  return out;
}

/** Big-endian unsigned 64-bit integer (a safe integer) as 8 bytes. */
export function u64(n: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n));
  return out;
}

/** Big-endian signed 64-bit integer (a safe integer) as 8 bytes. */
export function i64(n: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigInt64(0, BigInt(n));
  return out;
}

/** True when both arrays hold the same bytes (not constant-time: use only on public data). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function onArrayBuffer(bytes: Uint8Array): bytes is Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer;
}

/** `bytes` typed as WebCrypto's BufferSource wants: the same view, or a copy if it sits on a SharedArrayBuffer. */
export function buf(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return onArrayBuffer(bytes) ? bytes : new Uint8Array(bytes);
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Unpadded base64url decoding (RFC 4648 section 5); undefined on bad input. Why hand-written: format may import only WebCrypto and hash-wasm. */
export function fromBase64url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (text.length % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let at = 0;
  for (const ch of text) {
    const v = B64URL.indexOf(ch);
    if (v < 0) return undefined;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (acc >> bits) & 0xff;
    }
  }
  return (acc & ((1 << bits) - 1)) === 0 ? out : undefined;
}

/** Unpadded base64url encoding (RFC 4648 section 5). Why hand-written: format may import only WebCrypto and hash-wasm. */
export function toBase64url(bytes: Uint8Array): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const byte of bytes) {
    acc = ((acc << 8) | byte) & 0xffffff;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += B64URL.charAt((acc >> bits) & 0x3f);
    }
  }
  return bits > 0 ? out + B64URL.charAt((acc << (6 - bits)) & 0x3f) : out;
}

/** Lower-case hex. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Encoder = new TextEncoder();

/** UTF-8 encoding of a string. */
export function utf8(s: string): Uint8Array<ArrayBuffer> {
  return utf8Encoder.encode(s);
}

/** Strict UTF-8 decoding: undefined on invalid input. */
export function fromUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8Decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Sequential reader that throws a typed error (`code`) when the input runs short. */
export class ByteReader {
  private at = 0;
  private readonly view: DataView;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly code: FormatErrorCode,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  /** Bytes read so far. */
  get offset(): number {
    return this.at;
  }
  /** Bytes left. */
  get remaining(): number {
    return this.bytes.length - this.at;
  }
  /** The next `n` bytes (a view, not a copy). */
  take(n: number, what: string): Uint8Array {
    if (n > this.remaining) throw new FormatError(this.code, `${what} runs past the end`);
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
  /** Next byte. */
  u8(what: string): number {
    return this.take(1, what)[0] ?? 0;
  }
  /** Next big-endian u16. */
  u16(what: string): number {
    this.take(2, what);
    return this.view.getUint16(this.at - 2);
  }
  /** Next big-endian u32. */
  u32(what: string): number {
    this.take(4, what);
    return this.view.getUint32(this.at - 4);
  }
  /** Next big-endian u64; a typed error if above 2^53 - 1. */
  u64(what: string): number {
    this.take(8, what);
    const v = this.view.getBigUint64(this.at - 8);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new FormatError('limits-exceeded', `${what} is too large`);
    return Number(v);
  }
  /** Next big-endian i64; a typed error outside the safe-integer range. */
  i64(what: string): number {
    this.take(8, what);
    const v = this.view.getBigInt64(this.at - 8);
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new FormatError('limits-exceeded', `${what} is out of range`);
    }
    return Number(v);
  }
  /** Throws unless every byte was read. */
  end(what: string): void {
    if (this.remaining !== 0) throw new FormatError(this.code, `${this.remaining} unexpected bytes after ${what}`);
  }
}
