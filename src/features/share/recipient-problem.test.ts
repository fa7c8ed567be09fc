import { describe, expect, it } from 'vitest';
import { FormatError } from '../../format';
import { ApiError } from '../../transfer/api-error';
import { TransferHttpError } from '../../transfer/retry';
import { ShareGoneError } from '../../transfer/share-client';
import { DownloadWindowError } from './api/open-share';
import { recipientProblem, type RecipientProblemKind } from './recipient-problem';
import { ShareLinkError } from './share-link';

const stored = { kind: 'stored' } as const;
const direct = { kind: 'direct' } as const;
const gone = (code: 'share_expired' | 'share_used_up' | 'share_revoked') =>
  new ShareGoneError({ error: { code, message: 'ended', endedAt: '2031-01-02T03:04:05.000Z' } });
const at = new Date('2031-01-02T03:04:05.000Z').toLocaleString();

describe('what a recipient is told', () => {
  it.each<[string, unknown, { kind: 'stored' } | { kind: 'direct' } | undefined, 'open' | 'download', RecipientProblemKind]>([
    ['a cut fragment', new ShareLinkError("the link's key is incomplete: was it cut off when copied?"), undefined, 'open', 'changed'],
    ['a newer kind of link', new ShareLinkError('newer', 'newer'), undefined, 'open', 'newer'],
    ['a key that does not open the header', new FormatError('wrong-key'), stored, 'open', 'changed'],
    ['an unknown id', new ApiError(404, 'share_not_found', 'no such share'), stored, 'open', 'no-such-link'],
    ['an expired share', gone('share_expired'), stored, 'open', 'expired'],
    ['a used-up share', gone('share_used_up'), stored, 'download', 'used-up'],
    ['a revoked share', gone('share_revoked'), stored, 'open', 'revoked'],
    ['a deleted file', new TransferHttpError(404, 'NoSuchKey', 'x'), stored, 'open', 'file-gone'],
    ["a direct link's changed signature", new TransferHttpError(403, 'SignatureDoesNotMatch', 'x'), direct, 'open', 'changed'],
    ["a direct link's expired URL", new TransferHttpError(403, 'AccessDenied', 'x', undefined, 'Request has expired'), direct, 'open', 'expired'],
    ['a failing storage', new TransferHttpError(503, 'SlowDown', 'x'), stored, 'open', 'storage-failing'],
    ['an unreachable storage', new TypeError('Failed to fetch'), stored, 'open', 'storage-unreachable'],
    ['a connection lost while downloading', new TypeError('network error'), stored, 'download', 'connection-lost'],
    ['an unreachable Coffer', new ApiError(0, 'network_error', 'x'), stored, 'open', 'coffer-unreachable'],
    ['a rate limit', new ApiError(429, 'rate_limited', 'x', 30), stored, 'open', 'busy'],
    ['a failing Coffer', new ApiError(502, 'storage_error', 'x'), stored, 'open', 'coffer-failing'],
    ['a changed chunk', new FormatError('tampered', 'chunk 3 does not authenticate'), stored, 'download', 'damaged'],
    ['a download past its URL', new DownloadWindowError(), stored, 'download', 'too-slow'],
  ])('%s', (_, error, link, during, kind) => {
    const problem = recipientProblem(error, link, during);
    expect(problem.kind).toBe(kind);
    // One message for people: it names no code, status or storage term, and ends as a sentence.
    expect(problem.message).not.toMatch(/NoSuchKey|SignatureDoesNotMatch|SlowDown|AccessDenied|HTTP|endpoint|storage_error|\bS3\b/);
    expect(problem.message).toMatch(/^[A-Z].*\.$/);
  });

  it('says when a share ended, in local time', () => {
    expect(recipientProblem(gone('share_expired'), stored, 'open').message).toBe(`This link has expired: it stopped working on ${at}.`);
    expect(recipientProblem(gone('share_revoked'), stored, 'open').message).toBe(`The owner revoked this link on ${at}: it no longer works.`);
  });
});
