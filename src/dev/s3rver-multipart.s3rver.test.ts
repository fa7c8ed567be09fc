import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedS3, type EmbeddedS3 } from './embedded-s3';

let s3: EmbeddedS3;
let client: S3Client;

beforeAll(async () => {
  s3 = await startEmbeddedS3({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'coffer-mp-')), bucket: 'b', allowedOrigins: [] });
  client = new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
});
afterAll(async () => {
  client.destroy();
  await s3.close();
});

describe('multipart operations added to the embedded s3rver', () => {
  it('lists parts page by page, lists uploads in progress, and aborts', async () => {
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: 'b', Key: 'users/u/files/x' }));
    const etags: string[] = [];
    for (const n of [1, 2, 3]) {
      const body = new Uint8Array(100 * n).fill(n);
      const part = await client.send(new UploadPartCommand({ Bucket: 'b', Key: 'users/u/files/x', UploadId, PartNumber: n, Body: body }));
      etags.push(part.ETag ?? '');
    }
    const page = await client.send(new ListPartsCommand({ Bucket: 'b', Key: 'users/u/files/x', UploadId, MaxParts: 2 }));
    expect(page.Parts?.map((p) => [p.PartNumber, p.Size, p.ETag])).toEqual([
      [1, 100, etags[0]],
      [2, 200, etags[1]],
    ]);
    expect(page.IsTruncated).toBe(true);
    const rest = await client.send(
      new ListPartsCommand({ Bucket: 'b', Key: 'users/u/files/x', UploadId, PartNumberMarker: page.NextPartNumberMarker }),
    );
    expect(rest.Parts?.map((p) => p.PartNumber)).toEqual([3]);

    const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket: 'b', Prefix: 'users/u/' }));
    expect(uploads.Uploads?.map((u) => [u.Key, u.UploadId])).toEqual([['users/u/files/x', UploadId]]);
    const other = await client.send(new ListMultipartUploadsCommand({ Bucket: 'b', Prefix: 'users/someone-else/' }));
    expect(other.Uploads ?? []).toEqual([]);

    await client.send(new AbortMultipartUploadCommand({ Bucket: 'b', Key: 'users/u/files/x', UploadId }));
    const after = await client.send(new ListMultipartUploadsCommand({ Bucket: 'b' }));
    expect(after.Uploads ?? []).toEqual([]);
    await expect(client.send(new ListPartsCommand({ Bucket: 'b', Key: 'users/u/files/x', UploadId }))).rejects.toMatchObject({
      name: 'NoSuchUpload',
    });
  });

  it('refuses an upload id that belongs to another key', async () => {
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: 'b', Key: 'users/a/k' }));
    await expect(client.send(new ListPartsCommand({ Bucket: 'b', Key: 'users/b/k', UploadId }))).rejects.toMatchObject({
      name: 'NoSuchUpload',
    });
    await expect(client.send(new AbortMultipartUploadCommand({ Bucket: 'b', Key: 'users/b/k', UploadId }))).rejects.toMatchObject({
      name: 'NoSuchUpload',
    });
  });
});
