/** Typed errors of the format. Callers switch on `code`; messages are for people. */

/** Stable error codes. */
export type FormatErrorCode =
  | 'not-coffer'
  | 'unsupported-version'
  | 'malformed-header'
  | 'malformed-settings'
  | 'unknown-stanza'
  | 'limits-exceeded'
  | 'no-matching-recipient'
  | 'wrong-key'
  | 'truncated'
  | 'tampered'
  | 'trailing-data'
  | 'size-mismatch'
  | 'name-mismatch';

const MESSAGES: Record<FormatErrorCode, string> = {
  'not-coffer': 'not a Coffer file',
  'unsupported-version': 'unsupported Coffer format version',
  'malformed-header': 'malformed Coffer header',
  'malformed-settings': 'malformed vault settings',
  'unknown-stanza': 'unknown recipient type in header',
  'limits-exceeded': 'a header value exceeds the format limits',
  'no-matching-recipient': 'the file is not encrypted to this kind of key',
  'wrong-key': 'wrong passphrase or key, or the file was changed',
  truncated: 'the file is truncated: the output is incomplete',
  tampered: 'the file was changed or is corrupted: the output is incomplete',
  'trailing-data': 'unexpected bytes after the end of the file: the output is incomplete',
  'size-mismatch': 'the plaintext length does not match metadata.size',
  'name-mismatch': 'the name this file is listed under was sealed for another file',
};

/**
 * The one error class of the format; `code` is stable, `message` may gain detail. `detail` is added to the code's
 * message; `{ message }` replaces it, where the caller has the whole sentence (the code's own words would repeat it).
 */
export class FormatError extends Error {
  override readonly name = 'FormatError';
  constructor(
    readonly code: FormatErrorCode,
    detail?: string | { message: string },
  ) {
    super(detail === undefined ? MESSAGES[code] : typeof detail === 'string' ? `${MESSAGES[code]}: ${detail}` : detail.message);
  }
}

/** The whole message of 'wrong-key' for a vault settings object that does not open. */
export const WRONG_VAULT_PASSPHRASE = 'wrong passphrase, or the vault settings were changed';

/** An invariant of this code broke: a bug, never a property of the input. */
export function internalError(what: string): Error {
  return new Error(`format: internal error: ${what}`);
}

/** True for a FormatError, optionally of one code. */
export function isFormatError(e: unknown, code?: FormatErrorCode): e is FormatError {
  return e instanceof FormatError && (code === undefined || e.code === code);
}
