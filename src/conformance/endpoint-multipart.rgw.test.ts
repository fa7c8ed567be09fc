/**
 * Multipart uploads through Coffer's endpoint in front of Ceph RGW: part URLs from /v1/multipart/sign, parts PUT
 * as the browser does, and list/complete/abort through the endpoint. RGW enforces S3's part rules, and its
 * quirks (an empty ETag from Complete, NoSuchKey for an aborted upload) must still give the documented answers.
 */
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AbortMultipartUploadCommand } from '@aws-sdk/client-s3';
import { createS3Client, s3ErrorCode, type RgwInstance } from '../dev/rgw/index.ts';
import { cofferOnRgw, withCofferOnRgw, type CofferOnRgw } from './coffer-on-rgw.ts';

const MiB = 1024 * 1024;
const CHUNK = 64 * 1024;

let rgw: RgwInstance;
let coffer: CofferOnRgw;

withCofferOnRgw((started, endpoint) => {
  rgw = started;
  coffer = endpoint;
});

interface Upload {
  key: string;
  uploadId: string;
  size: number;
  partSize: number;
}
interface SignedPart {
  partNumber: number;
  size: number;
  url: string;
  headers: Record<string, string>;
}

const md5Etag = (bytes: Uint8Array<ArrayBuffer>) => `"${createHash('md5').update(bytes).digest('hex')}"`;

async function create(size: number): Promise<Upload> {
  const key = `files/big-${randomBytes(4).toString('hex')}.bin`;
  const created = await coffer.call<{ uploadId: string; partSize: number }>('alice', '/v1/multipart', { key, size, chunkSize: CHUNK });
  expect(created.status).toBe(201);
  return { key, uploadId: created.body.uploadId, size, partSize: created.body.partSize };
}

/** Signs part `n` of `upload` and PUTs `bytes`; returns S3's ETag. */
async function putPart(upload: Upload, n: number, bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const { key, uploadId, size, partSize } = upload;
  const signed = await coffer.call<{ parts: SignedPart[] }>('alice', '/v1/multipart/sign', { key, uploadId, size, partSize, partNumbers: [n] });
  expect(signed.status).toBe(200);
  const [part] = signed.body.parts;
  if (part === undefined) throw new Error('no part signed');
  expect(part.size).toBe(bytes.length);
  const response = await fetch(part.url, { method: 'PUT', body: bytes, headers: part.headers });
  expect(response.status).toBe(200);
  return response.headers.get('etag') ?? '';
}

const complete = (upload: Upload, parts: { partNumber: number; etag: string }[]) =>
  coffer.call<{ key?: string; error?: { code: string } }>('alice', '/v1/multipart/complete', { key: upload.key, uploadId: upload.uploadId, parts });
const abort = (upload: Upload) =>
  coffer.call<{ aborted?: true; error?: { code: string } }>('alice', '/v1/multipart/abort', { key: upload.key, uploadId: upload.uploadId });
const listParts = (upload: Upload, user: 'alice' | 'bob' = 'alice') =>
  coffer.call<{ parts?: { partNumber: number; size: number; etag: string }[]; error?: { code: string } }>(
    user,
    `/v1/multipart/parts?key=${encodeURIComponent(upload.key)}&uploadId=${encodeURIComponent(upload.uploadId)}`,
  );

describe('multipart uploads through the endpoint, on RGW', () => {
  it('parts of the planned size complete into the whole object, listed at its full size', async () => {
    const upload = await create(5 * MiB + 3 * CHUNK + 10);
    const whole = randomBytes(upload.size);
    const first = whole.subarray(0, upload.partSize);
    const last = whole.subarray(upload.partSize);
    const parts = [
      { partNumber: 1, etag: await putPart(upload, 1, first) },
      { partNumber: 2, etag: await putPart(upload, 2, last) },
    ];
    // RGW 16 answers Complete with an empty <ETag></ETag>: the endpoint must not depend on it.
    const completed = await complete(upload, parts);
    expect(completed).toMatchObject({ status: 200, body: { key: upload.key } });

    const listing = await coffer.call<{ objects: { key: string; size: number }[] }>('alice', '/v1/objects?prefix=files/');
    expect(listing.body.objects).toContainEqual(expect.objectContaining({ key: upload.key, size: upload.size }));
    const get = await coffer.call<{ url: string }>('alice', '/v1/presign', { method: 'GET', key: upload.key });
    expect(Buffer.from(await (await fetch(get.body.url)).arrayBuffer()).equals(whole)).toBe(true);
  });

  it('a part signed for one length refuses more bytes', async () => {
    const upload = await create(6 * MiB);
    const signed = await coffer.call<{ parts: SignedPart[] }>('alice', '/v1/multipart/sign', { ...upload, partNumbers: [2] });
    const [part] = signed.body.parts;
    const response = await fetch(part?.url ?? '', { method: 'PUT', body: randomBytes((part?.size ?? 0) + 1) });
    expect({ status: response.status, code: await s3ErrorCode(response) }).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
    expect((await listParts(upload)).body.parts).toEqual([]);
    await abort(upload);
  });

  it('a sign request that restates the size or part size is refused: no part URL is for another length than planned', async () => {
    const upload = await create(10 * MiB);
    for (const declared of [{ size: CHUNK }, { size: 5 * 1024 ** 4 }, { partSize: 5 * 1024 ** 3 }]) {
      const signed = await coffer.call<{ error?: { code: string } }>('alice', '/v1/multipart/sign', { ...upload, ...declared, partNumbers: [1] });
      expect(signed).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } });
    }
    expect((await abort(upload)).status).toBe(200);
  });

  it('a wrong part ETag, or a part never uploaded: Complete answers 400 invalid_part', async () => {
    const upload = await create(5 * MiB + CHUNK);
    const etag = await putPart(upload, 1, randomBytes(upload.partSize));
    expect(etag).not.toBe('');
    const wrong = md5Etag(randomBytes(16));
    expect(await complete(upload, [{ partNumber: 1, etag: wrong }])).toMatchObject({ status: 400, body: { error: { code: 'invalid_part' } } });
    const missing = [{ partNumber: 1, etag }, { partNumber: 2, etag: wrong }];
    expect(await complete(upload, missing)).toMatchObject({ status: 400, body: { error: { code: 'invalid_part' } } });
    expect((await abort(upload)).status).toBe(200);
  });

  it('ListParts shows uploaded parts with sizes and ETags; after Abort the upload is gone (404 upload_not_found)', async () => {
    const upload = await create(11 * MiB);
    const first = randomBytes(upload.partSize);
    const third = randomBytes(upload.size - 2 * upload.partSize);
    const etags = [await putPart(upload, 1, first), await putPart(upload, 3, third)];
    expect((await listParts(upload)).body).toEqual({
      parts: [
        { partNumber: 1, size: first.length, etag: etags[0] },
        { partNumber: 3, size: third.length, etag: etags[1] },
      ],
    });

    expect(await abort(upload)).toMatchObject({ status: 200, body: { aborted: true } });
    // RGW 16 answers ListParts of an aborted upload with NoSuchKey, where AWS says NoSuchUpload.
    expect(await listParts(upload)).toMatchObject({ status: 404, body: { error: { code: 'upload_not_found' } } });
    expect(await abort(upload)).toMatchObject({ status: 404, body: { error: { code: 'upload_not_found' } } });
    expect(await complete(upload, [{ partNumber: 1, etag: etags[0] ?? '' }])).toMatchObject({
      status: 404,
      body: { error: { code: 'upload_not_found' } },
    });
    const listing = await coffer.call<{ objects: { key: string }[] }>('alice', '/v1/objects?prefix=files/');
    expect(listing.body.objects.map((o) => o.key)).not.toContain(upload.key);
  });

  it('an upload id used with another key, or unknown: 404 upload_not_found', async () => {
    const upload = await create(6 * MiB);
    expect(await listParts({ ...upload, key: 'files/other.bin' })).toMatchObject({ status: 404, body: { error: { code: 'upload_not_found' } } });
    expect(await listParts({ ...upload, uploadId: '2~made-up-upload-id' })).toMatchObject({
      status: 404,
      body: { error: { code: 'upload_not_found' } },
    });
    // Bob names the same key in his own space: Alice's upload is not there.
    expect(await listParts(upload, 'bob')).toMatchObject({ status: 404, body: { error: { code: 'upload_not_found' } } });
    expect((await abort(upload)).status).toBe(200);
  });
});

describe('a quota with multipart uploads, on RGW', () => {
  it('reserves each upload at create, also for a restarted endpoint, and frees one RGW no longer holds though no abort reached the endpoint', async () => {
    const quota = { bytes: 12 * MiB };
    const first = cofferOnRgw(rgw, { quota });
    const restarted = cofferOnRgw(rgw, { quota });
    const s3 = createS3Client(rgw);
    try {
      const start = (endpoint: CofferOnRgw, key: string) =>
        endpoint.call<{ uploadId: string; error?: { code: string } }>('bob', '/v1/multipart', { key, size: 6 * MiB, chunkSize: CHUNK });
      const a = await start(first, 'files/quota-a.bin');
      expect(a.status).toBe(201);
      expect((await start(first, 'files/quota-b.bin')).status).toBe(201);
      expect(await start(first, 'files/quota-c.bin')).toMatchObject({ status: 403, body: { error: { code: 'quota_exceeded' } } });
      // Another process knows both uploads from RGW's list of uploads in progress and their plans.
      expect(await start(restarted, 'files/quota-c.bin')).toMatchObject({ status: 403, body: { error: { code: 'quota_exceeded' } } });
      // Aborted behind the endpoints' backs (a lost abort, a lifecycle rule): the reservation goes with the upload.
      await s3.send(new AbortMultipartUploadCommand({ Bucket: rgw.bucket, Key: 'users/bob/files/quota-a.bin', UploadId: a.body.uploadId }));
      const usage = await first.call<{ reserved: { bytes: number; objects: number } }>('bob', '/v1/me/usage');
      expect(usage.body.reserved).toEqual({ bytes: 6 * MiB, objects: 1 });
      expect((await start(first, 'files/quota-c.bin')).status).toBe(201);
    } finally {
      s3.destroy();
      first.close();
      restarted.close();
    }
  });
});
