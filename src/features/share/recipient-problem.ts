/**
 * What a share link's recipient is told when the link does not work: one sentence per case, in the recipient's words
 * (they have no account, no vault and no idea what S3 is), with what they can do. It goes by the error's class, code
 * and status, never by the words of a message.
 */
import { isFormatError } from '../../format';
import { ENDED_SHARE_KEPT_DAYS } from '../../protocol';
import { ApiError } from '../../transfer/api-error';
import { isExpiredSignature, TransferHttpError } from '../../transfer/retry';
import { ShareGoneError } from '../../transfer/share-client';
import { DownloadWindowError } from './api/open-share';
import { ShareLinkError, type ShareLink } from './share-link';

/** The cases a recipient can tell apart and act on differently. */
export type RecipientProblemKind =
  | 'changed'
  | 'newer'
  | 'no-such-link'
  | 'expired'
  | 'used-up'
  | 'revoked'
  | 'file-gone'
  | 'damaged'
  | 'storage-unreachable'
  | 'storage-failing'
  | 'coffer-unreachable'
  | 'coffer-failing'
  | 'busy'
  | 'connection-lost'
  | 'too-slow'
  | 'other';

const RELOAD = 'check your connection, then reload this page.';

/** When something happened, in the recipient's local date and time. */
const when = (iso: string): string => new Date(iso).toLocaleString();

/**
 * Why `link` does not open or download, and what to do. `during`: while the page opens the link (its state, its
 * header, the file name), or during a download, where a lost connection is tried again with the Download button.
 */
export function recipientProblem(error: unknown, link: Pick<ShareLink, 'kind'> | undefined, during: 'open' | 'download'): { kind: RecipientProblemKind; message: string } {
  if (error instanceof ShareGoneError) {
    if (error.reason === 'share_expired') return { kind: 'expired', message: `This link has expired: it stopped working on ${when(error.endedAt)}.` };
    if (error.reason === 'share_used_up') {
      return { kind: 'used-up', message: `This link has been used up: its last allowed download started on ${when(error.endedAt)}.` };
    }
    return { kind: 'revoked', message: `The owner revoked this link on ${when(error.endedAt)}: it no longer works.` };
  }
  if (error instanceof ShareLinkError) {
    if (error.reason === 'newer') return { kind: 'newer', message: 'This link was made by a newer version of Coffer than this page can open.' };
    return changed();
  }
  if (error instanceof ApiError) {
    if (error.code === 'share_not_found') {
      return { kind: 'no-such-link', message: `There is no such link: it may be incomplete or changed, or it ended more than ${ENDED_SHARE_KEPT_DAYS} days ago.` };
    }
    if (error.status === 429) return { kind: 'busy', message: 'This link was asked for too often just now: wait a minute, then reload this page.' };
    if (error.status === 0) return { kind: 'coffer-unreachable', message: `Coffer cannot be reached right now: ${RELOAD}` };
    return { kind: 'coffer-failing', message: 'Coffer could not look up this link just now: try again later by reloading this page.' };
  }
  if (error instanceof TransferHttpError) {
    // A direct link carries its own signed address: the storage refusing it means the address was changed or ran out.
    if (link?.kind === 'direct' && isExpiredSignature(error)) return { kind: 'expired', message: 'This link has expired.' };
    if (link?.kind === 'direct' && (error.status === 403 || error.status === 400)) return changed();
    if (error.status === 404) return { kind: 'file-gone', message: 'The shared file is no longer there: its owner may have deleted it.' };
    return { kind: 'storage-failing', message: "The file's storage refused to send it just now: try again later by reloading this page." };
  }
  if (error instanceof DownloadWindowError) return { kind: 'too-slow', message: error.message };
  if (error instanceof TypeError) {
    if (during === 'download') return { kind: 'connection-lost', message: 'The connection was lost during the download: check it, then press Download again.' };
    return { kind: 'storage-unreachable', message: `The file's storage cannot be reached right now: ${RELOAD}` };
  }
  if (isFormatError(error)) {
    // Opening: the header did not authenticate under the link's key (a changed key), or is no Coffer file at all.
    // Downloading: the header did, so a chunk that does not is the stored file changed or damaged.
    if (during === 'open') return changed();
    return { kind: 'damaged', message: 'The file was changed or damaged in storage, so nothing was saved: ask its owner to share it again.' };
  }
  return { kind: 'other', message: `Something went wrong: ${error instanceof Error ? error.message : String(error)}` };
}

function changed(): { kind: 'changed'; message: string } {
  return {
    kind: 'changed',
    message: 'This link is incomplete or was changed (cut off when copied?), so it cannot open the file: ask whoever sent it for the whole link again.',
  };
}
