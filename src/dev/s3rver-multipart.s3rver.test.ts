import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedS3, type EmbeddedS3 } from './embedded-s3';

let s3: EmbeddedS3;
let client: S3Client;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'coffer-mp-'));
  s3 = await startEmbeddedS3({ port: 0, dataDir, bucket: 'b', allowedOrigins: [] });
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
  rmSync(dataDir, { recursive: true, force: true });
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

  it('leaves out a part whose upload was cut off, as S3 lists only completed parts', async () => {
    const Key = 'users/u/files/cut';
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: 'b', Key }));
    await client.send(new UploadPartCommand({ Bucket: 'b', Key, UploadId, PartNumber: 1, Body: new Uint8Array(300).fill(1) }));
    // Part 2: the browser promises 1,000 bytes, sends 400, and the tab goes away.
    const url = new URL(await getSignedUrl(client, new UploadPartCommand({ Bucket: 'b', Key, UploadId, PartNumber: 2 })));
    await new Promise<void>((resolve) => {
      const req = request(url, { method: 'PUT', headers: { 'content-length': 1000 } });
      req.on('error', () => resolve());
      req.write(new Uint8Array(400).fill(2), () => setTimeout(() => (req.destroy(), resolve()), 100));
    });
    await new Promise((resolve) => setTimeout(resolve, 100));

    const listed = await client.send(new ListPartsCommand({ Bucket: 'b', Key, UploadId }));
    expect(listed.Parts?.map((p) => [p.PartNumber, p.Size])).toEqual([[1, 300]]);
    // Sent again, it is listed.
    await client.send(new UploadPartCommand({ Bucket: 'b', Key, UploadId, PartNumber: 2, Body: new Uint8Array(1000).fill(2) }));
    const again = await client.send(new ListPartsCommand({ Bucket: 'b', Key, UploadId }));
    expect(again.Parts?.map((p) => [p.PartNumber, p.Size])).toEqual([
      [1, 300],
      [2, 1000],
    ]);
  });
});
