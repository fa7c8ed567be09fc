/**
 * Plain words for why a transfer failed: what happened and what the user can do, by kind of failure.
 */
import { ApiError } from './api-client';
import { TransferHttpError } from './retry';

/** The kinds of failure a person can act on differently. */
export type FailureKind = 'offline' | 'expired' | 'quota' | 'tampered' | 'unauthorized' | 'storage' | 'other';

/** Sorts a failure into a kind and says it in a sentence. */
export function describeTransferError(error: unknown): { kind: FailureKind; message: string } {
  const text = error instanceof Error ? error.message : String(error);
  if (error instanceof ApiError) {
    if (error.code === 'quota_exceeded' || error.code === 'object_too_large') {
      return { kind: 'quota', message: `Not enough storage: ${error.message}` };
    }
    if (error.status === 401) return { kind: 'unauthorized', message: 'The endpoint no longer accepts your token: sign in again.' };
    if (error.status === 0) return { kind: 'offline', message: 'Cannot reach the Coffer endpoint: check your connection and resume.' };
    return { kind: 'other', message: error.message };
  }
  if (error instanceof TransferHttpError) {
    if (error.status === 403 && /expired/i.test(error.message)) {
      return { kind: 'expired', message: 'The transfer link expired before the storage answered: resume to get a new one.' };
    }
    return { kind: 'storage', message: error.message };
  }
  if (error instanceof TypeError || (typeof navigator !== 'undefined' && !navigator.onLine)) {
    return { kind: 'offline', message: 'The connection to the storage was lost: check your connection and resume.' };
  }
  if (/wrong passphrase|was changed|tampered|truncated|incomplete|trailing/i.test(text)) {
    return {
      kind: 'tampered',
      message: `The file could not be authenticated (${text}): it may be corrupted or tampered with. Nothing was saved.`,
    };
  }
  return { kind: 'other', message: text };
}
