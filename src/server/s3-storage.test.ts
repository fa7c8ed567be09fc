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
  it('asks for SSE-KMS when starting a multipart upload', async () => {
    const { client, inputs } = recordingClient(() => ({ UploadId: 'u1' }));
    const storage = createS3Storage({ client, bucket: 'b', sse: { kind: 'aws:kms', keyId: 'k1' } });
    expect(await storage.createMultipart('users/a/x')).toBe('u1');
    expect(inputs).toEqual([{ Bucket: 'b', Key: 'users/a/x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'k1' }]);
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
});
