/**
 * Conformance of pre-signed URLs against a real S3 implementation (Ceph RGW 16, started here).
 * Each case is a promise Coffer relies on: a URL grants exactly one operation on one key, for a
 * limited time, for a fixed size; multipart rules hold; CORS lets only the app's origin read ETags.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
  type CompletedPart,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createS3Client,
  s3ErrorCode,
  startRgw,
  withAlteredSignature,
  withExtraParam,
  withKey,
  wrongSecret,
  type RgwInstance,
} from '../dev/rgw/index.ts';

const APP_ORIGIN = 'http://app.coffer.test:5173';
const OTHER_ORIGIN = 'http://evil.example';
const MIN_PART = 5 * 1024 * 1024;

let rgw: RgwInstance;
let s3: S3Client;

beforeAll(async () => {
  // COFFER_RGW_OBJECT_STORE=bluestore runs the suite on a disk-backed OSD (memstore by default).
  const objectStore = process.env['COFFER_RGW_OBJECT_STORE'] === 'bluestore' ? 'bluestore' : 'memstore';
  rgw = await startRgw({ allowedOrigins: [APP_ORIGIN], objectStore });
  s3 = createS3Client(rgw);
}, 90_000);

afterAll(async () => {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- declared as set for the tests, unset if beforeAll failed
  s3?.destroy();
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- as above
  await rgw?.stop();
}, 30_000);

let keyCounter = 0;
/** A fresh object key per test, so cases never see each other's objects. */
const freshKey = (label: string): string => `conformance/${label}-${++keyCounter}-${randomBytes(4).toString('hex')}`;
const md5Etag = (bytes: Uint8Array): string => `"${createHash('md5').update(bytes).digest('hex')}"`;

function signPut(key: string, contentLength: number, extra: { expiresIn?: number; signingDate?: Date } = {}) {
  const command = new PutObjectCommand({ Bucket: rgw.bucket, Key: key, ContentLength: contentLength });
  return getSignedUrl(s3, command, { expiresIn: 300, ...extra });
}

function signGet(key: string, extra: { expiresIn?: number; signingDate?: Date; client?: S3Client } = {}) {
  const { client = s3, ...options } = extra;
  return getSignedUrl(client, new GetObjectCommand({ Bucket: rgw.bucket, Key: key }), { expiresIn: 300, ...options });
}

async function putObject(key: string, bytes: Uint8Array): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: rgw.bucket, Key: key, Body: bytes, ContentLength: bytes.length }));
}

/** Status and S3 error code of a fetch; the body is consumed. */
async function outcome(response: Response): Promise<{ status: number; code: string }> {
  return { status: response.status, code: response.ok ? '' : await s3ErrorCode(response) };
}

describe('single-request pre-signed URLs', () => {
  it('a signed PUT stores exactly the sent bytes and a signed GET returns them', async () => {
    const key = freshKey('roundtrip');
    const bytes = randomBytes(64 * 1024);
    const put = await fetch(await signPut(key, bytes.length), { method: 'PUT', body: bytes });
    expect(put.status).toBe(200);
    expect(put.headers.get('etag')).toBe(md5Etag(bytes));

    const get = await fetch(await signGet(key));
    expect(get.status).toBe(200);
    expect(Buffer.from(await get.arrayBuffer()).equals(bytes)).toBe(true);
  });

  describe('a GET URL is bound to what was signed', () => {
    const key = 'conformance/bound-target';
    const otherKey = 'conformance/bound-other';
    beforeAll(async () => {
      await putObject(key, Buffer.from('target'));
      await putObject(otherKey, Buffer.from('other'));
    });

    it('the untampered URL works (control)', async () => {
      expect(await outcome(await fetch(await signGet(key)))).toEqual({ status: 200, code: '' });
    });

    it.each([
      ['a changed signature', (url: string) => withAlteredSignature(url)],
      ['a changed key (to an existing object)', (url: string) => withKey(url, key, otherKey)],
      ['an extra query parameter', (url: string) => withExtraParam(url, 'response-content-type', 'text/html')],
    ])('%s is refused with 403 SignatureDoesNotMatch', async (_label, tamper) => {
      const response = await fetch(tamper(await signGet(key)));
      expect(await outcome(response)).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
    });

    it('a URL signed with a wrong secret is refused with 403 SignatureDoesNotMatch', async () => {
      const forger = createS3Client({ ...rgw, secretAccessKey: wrongSecret(rgw.secretAccessKey) });
      try {
        const response = await fetch(await signGet(key, { client: forger }));
        expect(await outcome(response)).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
      } finally {
        forger.destroy();
      }
    });

    it('a PUT URL cannot be used for a GET', async () => {
      const response = await fetch(await signPut(key, 6), { method: 'GET' });
      expect(await outcome(response)).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
    });
  });

  it('an expired URL is refused with 403; one signed as long ago but still valid works', async () => {
    const key = freshKey('expiry');
    await putObject(key, Buffer.from('expiry'));
    const anHourAgo = new Date(Date.now() - 3_600_000);
    const expired = await fetch(await signGet(key, { signingDate: anHourAgo, expiresIn: 60 }));
    expect(await outcome(expired)).toEqual({ status: 403, code: 'AccessDenied' });
    const stillValid = await fetch(await signGet(key, { signingDate: anHourAgo, expiresIn: 7_200 }));
    expect(stillValid.status).toBe(200);
    await stillValid.body?.cancel();
  });

  it.each([
    ['more', 32],
    ['fewer', 8],
  ])('a PUT of %s bytes than the signed ContentLength is refused and stores nothing', async (_label, sent) => {
    const key = freshKey('length');
    const response = await fetch(await signPut(key, 16), { method: 'PUT', body: randomBytes(sent) });
    expect(await outcome(response)).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
    await expect(s3.send(new HeadObjectCommand({ Bucket: rgw.bucket, Key: key }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
  });
});

describe('multipart upload through pre-signed part URLs', () => {
  async function createUpload(key: string): Promise<string> {
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket: rgw.bucket, Key: key }));
    if (!created.UploadId) throw new Error('CreateMultipartUpload returned no UploadId');
    return created.UploadId;
  }

  /** PUTs one part through a pre-signed URL, as the browser does, and returns the part's ETag. */
  async function putPart(key: string, uploadId: string, part: number, bytes: Uint8Array<ArrayBuffer>): Promise<string> {
    const command = new UploadPartCommand({
      Bucket: rgw.bucket,
      Key: key,
      UploadId: uploadId,
      PartNumber: part,
      ContentLength: bytes.length,
    });
    const url = await getSignedUrl(s3, command, { expiresIn: 300 });
    const response = await fetch(url, { method: 'PUT', body: bytes });
    expect(await outcome(response)).toEqual({ status: 200, code: '' });
    const etag = response.headers.get('etag');
    expect(etag).toBe(md5Etag(bytes));
    return etag ?? '';
  }

  function complete(key: string, uploadId: string, parts: CompletedPart[]) {
    const input = { Bucket: rgw.bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } };
    return s3.send(new CompleteMultipartUploadCommand(input));
  }

  it('parts of >= 5 MiB plus a smaller last part complete into the concatenated object', async () => {
    const key = freshKey('multipart');
    const uploadId = await createUpload(key);
    const first = randomBytes(MIN_PART);
    const last = randomBytes(1000);
    const parts = [
      { PartNumber: 1, ETag: await putPart(key, uploadId, 1, first) },
      { PartNumber: 2, ETag: await putPart(key, uploadId, 2, last) },
    ];
    const completed = await complete(key, uploadId, parts);
    // RGW 16 quirk: Complete answers <ETag></ETag>; AWS returns the multipart ETag "<md5 of md5s>-2".
    expect(completed.ETag ?? '').toBe('');
    const head = await s3.send(new HeadObjectCommand({ Bucket: rgw.bucket, Key: key }));
    expect(head.ETag).toMatch(/^"[0-9a-f]{32}-2"$/);
    expect(head.ContentLength).toBe(MIN_PART + 1000);

    const get = await fetch(await signGet(key));
    expect(Buffer.from(await get.arrayBuffer()).equals(Buffer.concat([first, last]))).toBe(true);
  });

  it('a part under 5 MiB that is not the last fails Complete with EntityTooSmall', async () => {
    const key = freshKey('too-small');
    const uploadId = await createUpload(key);
    const parts = [
      { PartNumber: 1, ETag: await putPart(key, uploadId, 1, randomBytes(1024)) },
      { PartNumber: 2, ETag: await putPart(key, uploadId, 2, randomBytes(1024)) },
    ];
    await expect(complete(key, uploadId, parts)).rejects.toMatchObject({
      name: 'EntityTooSmall',
      $metadata: { httpStatusCode: 400 },
    });
    await s3.send(new AbortMultipartUploadCommand({ Bucket: rgw.bucket, Key: key, UploadId: uploadId }));
  });

  it('a wrong part ETag fails Complete with InvalidPart', async () => {
    const key = freshKey('wrong-etag');
    const uploadId = await createUpload(key);
    const bytes = randomBytes(1024);
    await putPart(key, uploadId, 1, bytes);
    const wrong = md5Etag(randomBytes(1024));
    await expect(complete(key, uploadId, [{ PartNumber: 1, ETag: wrong }])).rejects.toMatchObject({
      name: 'InvalidPart',
      $metadata: { httpStatusCode: 400 },
    });
    await s3.send(new AbortMultipartUploadCommand({ Bucket: rgw.bucket, Key: key, UploadId: uploadId }));
  });

  it('ListParts reports the uploaded parts; after Abort the upload is gone', async () => {
    const key = freshKey('list-abort');
    const uploadId = await createUpload(key);
    const sizes = [2048, 1024];
    const etags = [
      await putPart(key, uploadId, 1, randomBytes(sizes[0] ?? 0)),
      await putPart(key, uploadId, 2, randomBytes(sizes[1] ?? 0)),
    ];
    const listed = await s3.send(new ListPartsCommand({ Bucket: rgw.bucket, Key: key, UploadId: uploadId }));
    expect(listed.Parts?.map((p) => ({ n: p.PartNumber, size: p.Size, etag: p.ETag }))).toEqual([
      { n: 1, size: sizes[0], etag: etags[0] },
      { n: 2, size: sizes[1], etag: etags[1] },
    ]);

    await s3.send(new AbortMultipartUploadCommand({ Bucket: rgw.bucket, Key: key, UploadId: uploadId }));
    // RGW 16 quirk: ListParts after Abort answers NoSuchKey; AWS answers NoSuchUpload.
    const upload = { Bucket: rgw.bucket, Key: key, UploadId: uploadId };
    await expect(s3.send(new ListPartsCommand(upload))).rejects.toMatchObject({
      name: 'NoSuchKey',
      $metadata: { httpStatusCode: 404 },
    });
    const lateUrl = await getSignedUrl(s3, new UploadPartCommand({ ...upload, PartNumber: 3, ContentLength: 4 }));
    const late = await fetch(lateUrl, { method: 'PUT', body: 'late' });
    expect(await outcome(late)).toEqual({ status: 404, code: 'NoSuchUpload' });
  });
});

describe('CORS on the bucket', () => {
  const key = 'conformance/cors';
  const preflight = async (origin: string) =>
    fetch(`${rgw.endpoint}/${rgw.bucket}/${key}`, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'PUT',
        'Access-Control-Request-Headers': 'content-type',
      },
    });

  it('a preflight from an origin outside the allowlist is refused', async () => {
    const response = await preflight(OTHER_ORIGIN);
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    await response.body?.cancel();
  });

  it('a preflight from the app origin is accepted for PUT with any header', async () => {
    const response = await preflight(APP_ORIGIN);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(response.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
    await response.body?.cancel();
  });

  it('a signed PUT from the app origin exposes its ETag to the page', async () => {
    const bytes = Buffer.from('cors body');
    const url = await signPut(key, bytes.length);
    const response = await fetch(url, { method: 'PUT', body: bytes, headers: { Origin: APP_ORIGIN } });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(response.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('etag');
    expect(response.headers.get('etag')).toBe(md5Etag(bytes));
  });
});
