import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
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
      req.write(new Uint8Array(400).fill(2), () => setTimeout(() => {
        req.destroy();
        resolve();
      }, 100));
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

describe('UploadPart and CompleteMultipartUpload on the embedded s3rver, as S3 answers them', () => {
  it('takes parts only for an upload in progress, with a part number from 1 to 10,000', async () => {
    const Key = 'users/u/files/parts';
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: 'b', Key }));
    const put = (id: string | undefined, PartNumber: number) => client.send(new UploadPartCommand({ Bucket: 'b', Key, UploadId: id, PartNumber, Body: 'x' }));
    await expect(put('f00d', 1)).rejects.toMatchObject({ name: 'NoSuchUpload', $metadata: { httpStatusCode: 404 } });
    await expect(put(UploadId, 10_001)).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
    expect(existsSync(join(dataDir, 'b', '._S3rver_uploads', 'f00d'))).toBe(false);
    expect((await put(UploadId, 1)).ETag).toBe(`"${createHash('md5').update('x').digest('hex')}"`);
  });

  const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest();

  /** Starts an upload of `key` and stores parts 1..n of the given sizes, each filled with its number. */
  async function uploadParts(key: string, sizes: number[]) {
    const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: 'b', Key: key, ContentType: 'application/x-test' }));
    const parts = [];
    for (const [i, size] of sizes.entries()) {
      const body = new Uint8Array(size).fill(i + 1);
      const { ETag } = await client.send(new UploadPartCommand({ Bucket: 'b', Key: key, UploadId, PartNumber: i + 1, Body: body }));
      parts.push({ PartNumber: i + 1, ETag, body });
    }
    return { UploadId: UploadId ?? '', parts };
  }

  it("joins the parts in order into one object whose ETag is S3's multipart ETag, and forgets the upload", async () => {
    const Key = 'users/u/files/joined';
    const { UploadId, parts } = await uploadParts(Key, [5 * 1024 * 1024, 5 * 1024 * 1024, 12345]);
    const done = await client.send(
      new CompleteMultipartUploadCommand({ Bucket: 'b', Key, UploadId, MultipartUpload: { Parts: parts.map(({ PartNumber, ETag }) => ({ PartNumber, ETag })) } }),
    );
    const expected = `"${createHash('md5').update(Buffer.concat(parts.map((p) => md5(p.body)))).digest('hex')}-3"`;
    expect(done.ETag).toBe(expected);
    const object = await client.send(new GetObjectCommand({ Bucket: 'b', Key }));
    expect(object.ETag).toBe(expected);
    expect(object.ContentType).toBe('application/x-test');
    const bytes = await object.Body?.transformToByteArray();
    expect(bytes?.length).toBe(10 * 1024 * 1024 + 12345);
    expect(md5(bytes ?? new Uint8Array(0))).toEqual(md5(Buffer.concat(parts.map((p) => p.body))));
    const range = await client.send(new GetObjectCommand({ Bucket: 'b', Key, Range: `bytes=${5 * 1024 * 1024 - 2}-${5 * 1024 * 1024 + 1}` }));
    expect([...((await range.Body?.transformToByteArray()) ?? [])]).toEqual([1, 1, 2, 2]);
    expect(existsSync(join(dataDir, 'b', '._S3rver_uploads', UploadId))).toBe(false);
    await expect(client.send(new ListPartsCommand({ Bucket: 'b', Key, UploadId }))).rejects.toMatchObject({ name: 'NoSuchUpload' });
  });

  it('refuses a part never uploaded or with another ETag, parts out of order, and an unknown upload', async () => {
    const Key = 'users/u/files/refused';
    const { UploadId, parts } = await uploadParts(Key, [100, 200]);
    const complete = (Parts: { PartNumber: number; ETag: string | undefined }[], id = UploadId) =>
      client.send(new CompleteMultipartUploadCommand({ Bucket: 'b', Key, UploadId: id, MultipartUpload: { Parts } }));
    const [one, two] = parts.map(({ PartNumber, ETag }) => ({ PartNumber, ETag })) as [{ PartNumber: number; ETag: string }, { PartNumber: number; ETag: string }];
    await expect(complete([one, { PartNumber: 3, ETag: two.ETag }])).rejects.toMatchObject({ name: 'InvalidPart', $metadata: { httpStatusCode: 400 } });
    await expect(complete([one, { PartNumber: 2, ETag: one.ETag }])).rejects.toMatchObject({ name: 'InvalidPart' });
    await expect(complete([two, one])).rejects.toMatchObject({ name: 'InvalidPartOrder', $metadata: { httpStatusCode: 400 } });
    await expect(complete([one, two], 'f00d')).rejects.toMatchObject({ name: 'NoSuchUpload', $metadata: { httpStatusCode: 404 } });
    // None of that touched the upload: it still completes.
    await complete([one, two]);
    const object = await client.send(new GetObjectCommand({ Bucket: 'b', Key }));
    expect((await object.Body?.transformToByteArray())?.length).toBe(300);
  });
});
