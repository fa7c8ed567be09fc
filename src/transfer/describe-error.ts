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

/**
 * Sorts a failure into a kind and says it in a sentence. It goes by the error's class and code only (the workers
 * hand their errors over as the same classes: worker-errors.ts), never by the words of a message. `again` names the
 * control that tries again where the message is shown (an upload's Resume, a download's Retry), so that the sentence
 * points at a button that is there.
 */
export function describeTransferError(error: unknown, again: 'resume' | 'retry' = 'resume'): { kind: FailureKind; message: string } {
  const text = error instanceof Error ? error.message : String(error);
  if (error instanceof ApiError) {
    if (error.code === 'quota_exceeded' || error.code === 'object_too_large') {
      return { kind: 'quota', message: `Not enough storage: ${error.message}` };
    }
    if (error.status === 401) return { kind: 'unauthorized', message: 'The endpoint no longer accepts your token: sign in again.' };
    if (error.status === 0) return { kind: 'offline', message: `Cannot reach the Coffer endpoint: check your connection and ${again}.` };
    return { kind: 'other', message: error.message };
  }
  if (error instanceof TransferHttpError) {
    if (isExpiredSignature(error)) {
      return { kind: 'expired', message: `The transfer link expired before the storage answered: ${again} to get a new one.` };
    }
    return { kind: 'storage', message: error.message };
  }
  if (isFormatError(error, 'name-mismatch')) {
    return { kind: 'tampered', message: `This file was changed in storage (${text}), so Coffer does not open it: nothing was saved, shown or shared.` };
  }
  if (error instanceof TypeError || (typeof navigator !== 'undefined' && !navigator.onLine)) {
    return { kind: 'offline', message: `The connection to the storage was lost: check your connection and ${again}.` };
  }
  if (isFormatError(error) && UNAUTHENTIC.has(error.code)) {
    return {
      kind: 'tampered',
      message: `The file could not be authenticated (${text}): it may be corrupted or tampered with. Nothing was saved.`,
    };
  }
  return { kind: 'other', message: text };
}
