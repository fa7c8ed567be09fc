import type { S3Client } from '@aws-sdk/client-s3';
import { S3ServiceException } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createS3Client, createS3Storage } from './s3-storage.ts';
import { StorageError } from './storage.ts';

function recordingClient(answer: () => unknown): { client: S3Client; inputs: unknown[] } {
  const client = createS3Client({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const inputs: unknown[] = [];
  Object.assign(client, {
    send: async (command: { input: unknown }) => {
      inputs.push(command.input);
      return answer();
    },
  });
  return { client, inputs };
}

describe('createS3Storage', () => {
  it('starts a multipart upload private, as application/octet-stream, with SSE-KMS when configured', async () => {
    const { client, inputs } = recordingClient(() => ({ UploadId: 'u1' }));
    const storage = createS3Storage({ client, bucket: 'b', sse: { kind: 'aws:kms', keyId: 'k1' } });
    expect(await storage.createMultipart('users/a/x')).toBe('u1');
    expect(inputs).toEqual([
      { Bucket: 'b', Key: 'users/a/x', ACL: 'private', ContentType: 'application/octet-stream', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'k1' },
    ]);
  });

  it('lists uploads in progress page by page, continuing from the markers S3 gives', async () => {
    const pages = [
      { Uploads: [{ Key: 'users/a/x', UploadId: 'u1' }], IsTruncated: true, NextKeyMarker: 'users/a/x', NextUploadIdMarker: 'u1' },
      { Uploads: [{ Key: 'users/a/y', UploadId: 'u2' }], IsTruncated: false },
    ];
    const { client, inputs } = recordingClient(() => pages.shift());
    const storage = createS3Storage({ client, bucket: 'b' });
    const first = await storage.listMultipartUploads({ prefix: 'users/a/' });
    expect(first).toEqual({ uploads: [{ key: 'users/a/x', uploadId: 'u1' }], next: { key: 'users/a/x', uploadId: 'u1' } });
    expect(await storage.listMultipartUploads({ prefix: 'users/a/', ...(first.next ? { after: first.next } : {}) })).toEqual({
      uploads: [{ key: 'users/a/y', uploadId: 'u2' }],
    });
    expect(inputs).toEqual([
      { Bucket: 'b', Prefix: 'users/a/' },
      { Bucket: 'b', Prefix: 'users/a/', KeyMarker: 'users/a/x', UploadIdMarker: 'u1' },
    ]);
  });

  it('turns S3 errors into storage errors the app can explain', async () => {
    const s3Error = (name: string) =>
      new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message: name });
    for (const [name, kind] of [
      ['NoSuchUpload', 'upload_not_found'],
      ['InvalidPart', 'invalid_part'],
      ['EntityTooSmall', 'part_too_small'],
      ['AccessDenied', 'unavailable'],
    ] as const) {
      const { client } = recordingClient(() => {
        throw s3Error(name);
      });
      const error = await createS3Storage({ client, bucket: 'b' })
        .abortMultipart({ key: 'k', uploadId: 'u' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageError);
      expect((error as StorageError).kind).toBe(kind);
    }
  });

  it('a lost connection to S3 is the storage being unavailable (502), a bug in the endpoint stays one', async () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const timeout = Object.assign(new Error('connection timed out after 1000 ms'), { name: 'TimeoutError' });
    for (const failure of [reset, timeout]) {
      const { client } = recordingClient(() => {
        throw failure;
      });
      const error = await createS3Storage({ client, bucket: 'b' })
        .list({ prefix: 'users/a/', limit: 10 })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'StorageError', kind: 'unavailable' });
    }
    const bug = new TypeError('cannot read properties of undefined');
    const { client } = recordingClient(() => {
      throw bug;
    });
    expect(await createS3Storage({ client, bucket: 'b' }).list({ prefix: 'users/a/', limit: 10 }).catch((e: unknown) => e)).toBe(bug);
  });

  const s3Error = (name: string, status: number) =>
    new S3ServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status }, message: name });

  it('reads NoSuchKey from a call naming an upload as upload_not_found (Ceph RGW 16 for aborted uploads)', async () => {
    const { client } = recordingClient(() => {
      throw s3Error('NoSuchKey', 404);
    });
    const storage = createS3Storage({ client, bucket: 'b' });
    for (const call of [
      () => storage.listParts({ key: 'k', uploadId: 'u' }),
      () => storage.abortMultipart({ key: 'k', uploadId: 'u' }),
      () => storage.completeMultipart({ key: 'k', uploadId: 'u', parts: [{ partNumber: 1, etag: '"e"' }] }),
    ]) {
      expect(await call().catch((e: unknown) => e)).toMatchObject({ name: 'StorageError', kind: 'upload_not_found' });
    }
    const listError = await storage.list({ prefix: 'users/a/', limit: 10 }).catch((e: unknown) => e);
    expect(listError).toMatchObject({ kind: 'unavailable' });
  });

  it('after a server fault from Complete, a vanished upload is upload_not_found and a live one a storage error', async () => {
    const complete = { key: 'k', uploadId: 'u', parts: [{ partNumber: 1, etag: '"e"' }] };
    for (const [listAnswer, kind] of [
      [() => Promise.reject(s3Error('NoSuchKey', 404)), 'upload_not_found'],
      [() => Promise.resolve({ Parts: [] }), 'unavailable'],
    ] as const) {
      let calls = 0;
      const { client, inputs } = recordingClient(() => (++calls === 1 ? Promise.reject(s3Error('InternalError', 500)) : listAnswer()));
      const error = await createS3Storage({ client, bucket: 'b' }).completeMultipart(complete).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind });
      expect(inputs[1]).toEqual({ Bucket: 'b', Key: 'k', UploadId: 'u', MaxParts: 1 });
    }
  });
});
