import { describe, expect, it } from 'vitest';
import { FormatError } from '../format';
import { ApiError } from './api-error';
import { describeTransferError } from './describe-error';
import { httpError } from './retry';

const s3Answer = (status: number, code: string, message: string) =>
  new Response(`<?xml version="1.0"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`, { status });

describe('failures in plain words', () => {
  it.each([
    [404, 'NoSuchKey', 'The specified key does not exist.', 'The file is no longer in the storage: it may have been deleted in another browser.'],
    [403, 'AccessDenied', 'Access Denied', 'The storage refused to send the file: retry, and if it keeps refusing, tell whoever runs your Coffer.'],
    [503, 'SlowDown', 'Please reduce your request rate.', 'The storage could not send the file just now: retry in a while.'],
    [403, 'AccessDenied', 'Request has expired', 'The transfer waited too long and its permission ran out: retry to go on.'],
  ])('the storage answering %i %s', async (status, code, message, expected) => {
    const error = await httpError(s3Answer(status, code, message), 'send the file');
    // S3's own words stay in the fields, for code that branches on them.
    expect([error.status, error.s3Code, error.s3Message]).toEqual([status, code, message]);
    expect(error.message).not.toContain(code);
    expect(describeTransferError(error, 'retry').message).toBe(expected);
  });

  it.each([
    [new ApiError(401, 'unauthorized', 'bad token'), 'This browser’s access token is no longer accepted: sign in again.'],
    [new ApiError(0, 'network_error', 'cannot reach the endpoint: Failed to fetch'), 'Cannot reach Coffer: check your connection and resume.'],
    [new ApiError(502, 'storage_error', 'storage answered NoSuchBucket (HTTP 404)'), 'Coffer’s storage is not working right now: resume in a while.'],
    [new FormatError('tampered', 'chunk 3 does not authenticate'), 'The file could not be authenticated: it may be damaged or tampered with in storage. Nothing was saved.'],
    [new FormatError('wrong-key'), 'The file could not be authenticated: it may be damaged or tampered with in storage. Nothing was saved.'],
  ])('%s', (error, expected) => {
    expect(describeTransferError(error).message).toBe(expected);
  });
});
