/**
 * The test-vector file format (after age's CCTV): "key: value" lines, one empty line, then the raw bytes under test
 * (a Coffer file, a vault settings object for settings_* vectors, a passkey object for passkeys_*...).
 */

/** One vector: what to feed, which identity to use, and what must happen. */
export interface Vector {
  /** 'success', or 'error <code>' with a FormatError code. */
  expect: string;
  /** SHA-256 (hex) of the plaintext released before success or failure. */
  payload: string;
  comment: string;
  passphrase?: string;
  fileKey?: string;
  masterKey?: string;
  privateKey?: string;
  publicKey?: string;
  /** JSON of the expected metadata, on success. */
  metadata?: string;
  /** names_*: the file id of the object key the token is read from (the n2 AAD). */
  fileId?: string;
  /** names_*: hex of the header of the object the key names; when given, the token is checked against it. */
  header?: string;
  /** For settings_* and passkeys_* vectors on success: the generation the settings carry (0 for version 1). */
  generation?: string;
  /** passkeys_*: hex of the vault settings object the passkey's key is checked against (its key tag). */
  settings?: string;
  /** passkeys_*: hex of the credential id the authenticator answered with. */
  credentialId?: string;
  /** passkeys_*: identity: hex of the 32-byte WebAuthn PRF output of that credential for its salt. */
  prfOutput?: string;
  body: Uint8Array;
}

const FIELDS = [
  ['expect', 'expect'],
  ['payload', 'payload'],
  ['passphrase', 'passphrase'],
  ['fileKey', 'file key'],
  ['masterKey', 'master key'],
  ['privateKey', 'private key'],
  ['publicKey', 'public key'],
  ['metadata', 'metadata'],
  ['fileId', 'file id'],
  ['header', 'header'],
  ['generation', 'generation'],
  ['credentialId', 'credential id'],
  ['prfOutput', 'prf output'],
  ['settings', 'settings'],
  ['comment', 'comment'],
] as const;

/** Serializes a vector. */
export function encodeVector(v: Vector): Uint8Array {
  const lines = FIELDS.flatMap(([field, label]) => (v[field] === undefined ? [] : [`${label}: ${v[field]}\n`]));
  const head = new TextEncoder().encode(`${lines.join('')}\n`);
  const out = new Uint8Array(head.length + v.body.length);
  out.set(head);
  out.set(v.body, head.length);
  return out;
}

/** Parses a vector file. */
export function decodeVector(bytes: Uint8Array): Vector {
  const end = bytes.findIndex((b, i) => b === 0x0a && bytes[i + 1] === 0x0a);
  if (end < 0) throw new Error('vector: no blank line after the fields');
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
  const fields = new Map(
    text.split('\n').map((line) => {
      const at = line.indexOf(': ');
      return [line.slice(0, at), line.slice(at + 2)] as const;
    }),
  );
  const get = (label: string): string | undefined => fields.get(label);
  const expect = get('expect');
  const payload = get('payload');
  if (expect === undefined || payload === undefined) throw new Error('vector: expect and payload are required');
  const v: Vector = { expect, payload, comment: get('comment') ?? '', body: bytes.subarray(end + 2) };
  for (const [field, label] of FIELDS) {
    const value = get(label);
    if (value !== undefined && field !== 'expect' && field !== 'payload' && field !== 'comment') v[field] = value;
  }
  return v;
}
