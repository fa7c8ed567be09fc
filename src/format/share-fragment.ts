/**
 * The fragment of a share link (SPEC section 10), parsed in one place for the app and the recovery CLI: every
 * base64url part canonical (no padding, no other characters, unused trailing bits zero), every secret of its exact
 * length, the sealed share name no longer than the largest one a writer makes. The path (`/s/<id>`) is the caller's.
 */
import { fromBase64url, fromUtf8 } from './bytes';
import { KEY_LENGTH } from './constants';
import { FormatError, type FormatErrorCode } from './errors';
import { PASSWORD_WRAPPED_KEY_LENGTH } from './password-key';
import { MAX_SHARE_NAME_LENGTH, SHARE_NAME_VERSION } from './share-name';

/** What opens the shared file: its key, or its key wrapped under the share password. */
export type ShareSecret = { kind: 'key'; fileKey: Uint8Array } | { kind: 'password'; wrapped: Uint8Array };

/** A parsed fragment: the secret, the pre-signed URL of a direct link (`d1.`), the sealed share name (`f1.…`, unopened). */
export interface ShareFragment {
  secret: ShareSecret;
  /** Direct links only: the GET URL they carry (UTF-8 text; whether it is a web address is the caller's check). */
  url?: string;
  name?: string;
}

/** Which part of a fragment is wrong: a secret, a direct link's address, the share name, or the fragment's layout. */
export type SharePart = 'key' | 'address' | 'file name' | 'link';

/**
 * A fragment that does not parse: 'unsupported-version' (a kind this reader does not know), 'malformed-header' (a part
 * that is not canonical base64url, or too long), 'truncated' (a part missing, or a secret of another length).
 */
export class ShareFragmentError extends FormatError {
  constructor(
    code: Extract<FormatErrorCode, 'unsupported-version' | 'malformed-header' | 'truncated'>,
    readonly part: SharePart,
  ) {
    super(code, `the link's ${part}`);
  }
}

/** Canonical unpadded base64url of exactly `length` bytes (any length if undefined). */
function decode(text: string, length: number | undefined, part: SharePart): Uint8Array {
  const bytes = fromBase64url(text);
  if (bytes === undefined) throw new ShareFragmentError('malformed-header', part);
  if (length !== undefined && bytes.length !== length) throw new ShareFragmentError('truncated', part);
  return bytes;
}

function parseSecret(version: string | undefined, body: string | undefined): ShareSecret {
  if (body === undefined) throw new ShareFragmentError('truncated', 'link');
  if (version === 'k1') return { kind: 'key', fileKey: decode(body, KEY_LENGTH, 'key') };
  if (version === 'p1') return { kind: 'password', wrapped: decode(body, PASSWORD_WRAPPED_KEY_LENGTH, 'key') };
  throw new ShareFragmentError('unsupported-version', 'link');
}

function parseName(parts: string[]): string | undefined {
  const [version, body, ...more] = parts;
  if (version === undefined) return undefined;
  if (version !== SHARE_NAME_VERSION) throw new ShareFragmentError('unsupported-version', 'link');
  if (body === undefined || more.length > 0) throw new ShareFragmentError('truncated', 'link');
  const name = `${version}.${body}`;
  // The name opens only with the file key (after the header); its shape and size are checked here, for every reader.
  if (name.length > MAX_SHARE_NAME_LENGTH) throw new ShareFragmentError('malformed-header', 'file name');
  decode(body, undefined, 'file name');
  return name;
}

/** Parses a share link's fragment (without the `#`): `[d1.<url>.](k1.<key> | p1.<wrapped key>)[.f1.<name>]`. */
export function parseShareFragment(fragment: string): ShareFragment {
  let parts = fragment.split('.');
  let url: string | undefined;
  if (parts[0] === 'd1') {
    if (parts[1] === undefined) throw new ShareFragmentError('truncated', 'link');
    url = fromUtf8(decode(parts[1], undefined, 'address'));
    if (url === undefined) throw new ShareFragmentError('malformed-header', 'address');
    parts = parts.slice(2);
  }
  const [version, body, ...rest] = parts;
  const secret = parseSecret(version, body);
  const name = parseName(rest);
  return { secret, ...(url === undefined ? {} : { url }), ...(name === undefined ? {} : { name }) };
}
