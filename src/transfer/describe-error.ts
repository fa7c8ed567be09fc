/**
 * Plain words for why a transfer failed: what happened and what the user can do, by kind of failure.
 */
import { isFormatError, type FormatErrorCode } from '../format';
import { ApiError } from './api-client';
import { isExpiredSignature, TransferHttpError } from './retry';

/** The kinds of failure a person can act on differently. */
export type FailureKind = 'offline' | 'expired' | 'quota' | 'tampered' | 'unauthorized' | 'storage' | 'other';

/**
 * The format's failures that mean the bytes did not authenticate: a wrong key and a changed file look alike by
 * design (SPEC), and a cut or extended file is a changed file.
 */
const UNAUTHENTIC: ReadonlySet<FormatErrorCode> = new Set<FormatErrorCode>(['wrong-key', 'tampered', 'truncated', 'trailing-data', 'size-mismatch']);

/** `text` with its first letter in capitals, to start a sentence. */
const sentence = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Sorts a failure into a kind and says it in a sentence, in plain words: no S3 codes, HTTP statuses or server terms
 * (those stay in the errors' fields). It goes by the error's class, code and status only (the workers hand their
 * errors over as the same classes: worker-errors.ts), never by the words of a message. `again` names the control that
 * tries again where the message is shown (an upload's Resume, a download's Retry), so that the sentence points at a
 * button that is there.
 */
export function describeTransferError(error: unknown, again: 'resume' | 'retry' = 'resume'): { kind: FailureKind; message: string } {
  const text = error instanceof Error ? error.message : String(error);
  if (error instanceof ApiError) {
    if (error.code === 'quota_exceeded' || error.code === 'object_too_large') {
      return { kind: 'quota', message: `Not enough storage: ${error.message}` };
    }
    if (error.status === 401) return { kind: 'unauthorized', message: 'This browser’s access token is no longer accepted: sign in again.' };
    if (error.status === 0) return { kind: 'offline', message: `Cannot reach Coffer: check your connection and ${again}.` };
    if (error.status === 429) return { kind: 'other', message: `Coffer is busy just now: ${again} in a minute.` };
    if (error.code === 'object_not_found') return { kind: 'storage', message: 'The file is no longer in the storage: it may have been deleted in another browser.' };
    // The server's words for its storage failing (502 storage_error) are for its operator and its log.
    if (error.status >= 500) return { kind: 'storage', message: `Coffer’s storage is not working right now: ${again} in a while.` };
    return { kind: 'other', message: error.message };
  }
  if (error instanceof TransferHttpError) {
    if (isExpiredSignature(error)) {
      return { kind: 'expired', message: `The transfer waited too long and its permission ran out: ${again} to go on.` };
    }
    if (error.status === 404) return { kind: 'storage', message: `${sentence(error.message)}: it may have been deleted in another browser.` };
    if (error.status === 429 || error.status >= 500) return { kind: 'storage', message: `${sentence(error.message)}: ${again} in a while.` };
    return { kind: 'storage', message: `${sentence(error.message)}: ${again}, and if it keeps refusing, tell whoever runs your Coffer.` };
  }
  if (isFormatError(error, 'name-mismatch')) {
    return { kind: 'tampered', message: `This file was changed in storage (${text}), so Coffer does not open it: nothing was saved, shown or shared.` };
  }
  if (error instanceof TypeError || (typeof navigator !== 'undefined' && !navigator.onLine)) {
    return { kind: 'offline', message: `The connection to the storage was lost: check your connection and ${again}.` };
  }
  if (isFormatError(error) && UNAUTHENTIC.has(error.code)) {
    // The format's own words ("wrong passphrase or key, or the file was changed") would repeat the sentence.
    return { kind: 'tampered', message: 'The file could not be authenticated: it may be damaged or tampered with in storage. Nothing was saved.' };
  }
  return { kind: 'other', message: text };
}
