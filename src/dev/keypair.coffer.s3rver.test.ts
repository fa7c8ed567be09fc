/**
 * The vault key pair is created once, over the embedded S3 (starts s3rver): s3rver ignores If-None-Match, so what
 * keeps one endpoint process exact there is its check under a lock (on RGW the condition itself holds across
 * processes: src/conformance/file-requests.rgw.test.ts).
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestStack } from './test-stack.ts';

const TOKEN = 'carol-token-0123456789';
const KEY = 'users/carol/vault/keypair.coffer';
const object = (fill: number): string =>
  Buffer.concat([Buffer.from([0x89, 0x43, 0x46, 0x4b, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 1, 1]), Buffer.alloc(92, fill)]).toString('base64url');

describe('the vault key pair over the embedded S3 (starts s3rver)', () => {
  const stack = useTestStack({ tokens: { carol: TOKEN } });
  let client: S3Client;

  beforeAll(() => {
    const { endpoint, region, accessKeyId, secretAccessKey } = stack.s3;
    client = new S3Client({ endpoint, region, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
  });
  afterAll(() => client.destroy());

  it('stores one of many pairs sent at once, and refuses the rest', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        fetch(`${stack.coffer.url}/v1/requests/keypair`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ object: object(i + 1) }),
        }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(7);
    const stored = await client.send(new GetObjectCommand({ Bucket: 'coffer', Key: KEY }));
    expect(Buffer.from((await stored.Body?.transformToByteArray()) ?? []).toString('base64url')).toBe(object(statuses.indexOf(201) + 1));
  });

  it('s3rver itself ignores If-None-Match: * (so only the lock protects it)', async () => {
    const put = new PutObjectCommand({ Bucket: 'coffer', Key: KEY, Body: 'overwritten', IfNoneMatch: '*' });
    await expect(client.send(put)).resolves.toMatchObject({ $metadata: { httpStatusCode: 200 } });
  });
});
