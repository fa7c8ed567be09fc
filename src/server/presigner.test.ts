import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { describe, expect, it } from 'vitest';
import { createPresigner } from './presigner.ts';
import { createS3Client, OBJECT_PUT_HEADERS } from './s3-storage.ts';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const signingDate = new Date('2030-01-01T00:00:00Z');
const KEYS = ['users/alice/a', 'users/alice/dir/with space/ü€😀', "users/alice/!'()*+,;=:@&$~", 'users/alice/%2e%25/x?y#z'];
const SSE = { 'x-amz-server-side-encryption': 'aws:kms', 'x-amz-server-side-encryption-aws-kms-key-id': 'arn:aws:kms:eu-west-1:1:key/k' };

const setups = [
  { name: 'path-style custom endpoint', bucket: 'coffer', config: { region: 'us-east-1', endpoint: 'http://127.0.0.1:7480', forcePathStyle: true } },
  { name: 'AWS virtual-hosted', bucket: 'coffer-vault', config: { region: 'eu-west-1' } },
  { name: 'AWS bucket with dots', bucket: 'my.vault.bucket', config: { region: 'us-west-2' } },
];

describe('createPresigner', () => {
  it.each(setups)('signs exactly what getSignedUrl signs ($name)', async ({ bucket, config }) => {
    const client = createS3Client({ ...config, credentials });
    const presign = createPresigner(client, bucket);
    const options = { expiresIn: 900, signingDate };
    for (const Key of KEYS) {
      const Bucket = bucket;
      const pairs: [string, Promise<string>][] = [
        [await getSignedUrl(client, new GetObjectCommand({ Bucket, Key }), options), presign({ operation: 'GET', key: Key, ...options })],
        [await getSignedUrl(client, new HeadObjectCommand({ Bucket, Key }), options), presign({ operation: 'HEAD', key: Key, ...options })],
        [await getSignedUrl(client, new DeleteObjectCommand({ Bucket, Key }), options), presign({ operation: 'DELETE', key: Key, ...options })],
        [
          await getSignedUrl(
            client,
            new PutObjectCommand({
              Bucket,
              Key,
              ContentLength: 12_345,
              ACL: 'private',
              ContentType: 'application/octet-stream',
              ServerSideEncryption: 'aws:kms',
              SSEKMSKeyId: SSE['x-amz-server-side-encryption-aws-kms-key-id'],
            }),
            // The ACL and the type are signed as headers: a sent x-amz-acl header would override a query parameter.
            { ...options, signableHeaders: new Set(['content-type']), unhoistableHeaders: new Set(['x-amz-acl']) },
          ),
          presign({ operation: 'PUT', key: Key, contentLength: 12_345, headers: { ...OBJECT_PUT_HEADERS, ...SSE }, ...options }),
        ],
        [
          await getSignedUrl(client, new UploadPartCommand({ Bucket, Key, ContentLength: 5_242_880, UploadId: 'up/+=1', PartNumber: 7 }), options),
          presign({ operation: 'PART', key: Key, contentLength: 5_242_880, part: { uploadId: 'up/+=1', partNumber: 7 }, ...options }),
        ],
      ];
      for (const [expected, actual] of pairs) expect(await actual).toBe(expected);
    }
  });

  it('carries the session token of temporary credentials, as getSignedUrl does', async () => {
    const client = createS3Client({ region: 'eu-west-1', credentials: { ...credentials, sessionToken: 'FwoGZXIvYXdzE//token+/=' } });
    const presign = createPresigner(client, 'coffer-vault');
    const options = { expiresIn: 600, signingDate };
    const expected = await getSignedUrl(client, new PutObjectCommand({ Bucket: 'coffer-vault', Key: 'users/a/f', ContentLength: 9 }), options);
    const actual = await presign({ operation: 'PUT', key: 'users/a/f', contentLength: 9, ...options });
    expect(actual).toBe(expected);
    expect(new URL(actual).searchParams.get('X-Amz-Security-Token')).toBe('FwoGZXIvYXdzE//token+/=');
  });
});
