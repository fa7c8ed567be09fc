/**
 * File requests through Coffer's endpoint in front of Ceph RGW: a guest's URL comes from
 * POST /v1/public/requests/:id/uploads without a token, and RGW decides. It must store exactly the signed length at
 * the key the endpoint chose in the request's inbox, and nothing else: no other length, method or key. Guest
 * multipart uploads likewise: each part only at its planned length. And the vault key pair is created once even when
 * two endpoint processes are asked at the same moment (If-None-Match: * on RGW).
 */
import { randomBytes } from 'node:crypto';
import { AbortMultipartUploadCommand, GetObjectCommand, ListMultipartUploadsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createS3Client, s3ErrorCode, withKey, type RgwInstance } from '../dev/rgw/index.ts';
import { cofferOnRgw, withCofferOnRgw, type CofferOnRgw } from './coffer-on-rgw.ts';

let rgw: RgwInstance;
let coffer: CofferOnRgw;

withCofferOnRgw((started, endpoint) => {
  rgw = started;
  coffer = endpoint;
});

interface GuestUpload {
  url: string;
  headers: Record<string, string>;
  receipt: string;
}

/** An X25519-sized public key: the endpoint only stores it. */
const PUBLIC_KEY = randomBytes(32).toString('base64url');

async function newRequest(maxFiles = 10): Promise<string> {
  const created = await coffer.call<{ id: string }>('alice', '/v1/requests', { title: 'conformance', expiresIn: 3600, maxFiles, maxBytes: 1_000_000, publicKey: PUBLIC_KEY });
  expect(created.status).toBe(201);
  return created.body.id;
}

async function signAsGuest(id: string, contentLength: number, endpoint = coffer): Promise<GuestUpload> {
  const response = await endpoint.request(`/v1/public/requests/${id}/uploads`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ contentLength }),
  });
  const body: unknown = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body as GuestUpload;
}

async function outcome(response: Response): Promise<{ status: number; code: string }> {
  const code = response.ok ? '' : await s3ErrorCode(response);
  if (response.ok) await response.body?.cancel();
  return { status: response.status, code };
}

async function inbox(id: string): Promise<{ key: string; size: number }[]> {
  return (await coffer.call<{ objects: { key: string; size: number }[] }>('alice', `/v1/objects?prefix=inbox/${id}/`)).body.objects;
}

describe("a guest's URLs, judged by RGW", () => {
  it("stores exactly the signed bytes in the request's inbox (control)", async () => {
    const id = await newRequest();
    const signed = await signAsGuest(id, 2048);
    const response = await fetch(signed.url, { method: 'PUT', body: randomBytes(2048), headers: signed.headers });
    expect(response.status).toBe(200);
    expect(await inbox(id)).toEqual([expect.objectContaining({ key: `inbox/${id}/${signed.receipt}`, size: 2048 })]);
  });

  it.each([
    ['bigger', 2049],
    ['smaller', 2047],
  ])('refuses an upload %s than signed, and stores nothing', async (_label, sent) => {
    const id = await newRequest();
    const signed = await signAsGuest(id, 2048);
    const response = await fetch(signed.url, { method: 'PUT', body: randomBytes(sent), headers: signed.headers });
    expect(await outcome(response)).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
    expect(await inbox(id)).toEqual([]);
  });

  it('refuses the PUT URL used to read or delete, or moved to another key', async () => {
    const id = await newRequest();
    const other = await newRequest();
    const signed = await signAsGuest(id, 16);
    const stored = await fetch(signed.url, { method: 'PUT', body: randomBytes(16), headers: signed.headers });
    expect(stored.status).toBe(200);
    expect(await outcome(await fetch(signed.url))).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
    expect(await outcome(await fetch(signed.url, { method: 'DELETE' }))).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
    const key = `users/alice/inbox/${id}/${signed.receipt}`;
    for (const target of [`users/alice/inbox/${other}/${signed.receipt}`, 'users/alice/vault/settings.coffer']) {
      const moved = await fetch(withKey(signed.url, key, target), { method: 'PUT', body: randomBytes(16), headers: signed.headers });
      expect(await outcome(moved)).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
    }
    expect(await inbox(id)).toHaveLength(1);
    expect(await inbox(other)).toEqual([]);
  });

  it('two endpoint processes never reserve past a limit together (conditional writes on the record)', async () => {
    const id = await newRequest(3);
    const endpoints = [coffer, cofferOnRgw(rgw), cofferOnRgw(rgw)];
    try {
      const answers = await Promise.all(
        Array.from({ length: 9 }, (_, i) =>
          (endpoints[i % 3] ?? coffer).request(`/v1/public/requests/${id}/uploads`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ contentLength: 8 }),
          }),
        ),
      );
      expect(answers.filter((a) => a.status === 200)).toHaveLength(3);
      expect(answers.filter((a) => a.status === 409)).toHaveLength(6);
      const listed = await coffer.call<{ requests: { id: string; files: number }[] }>('alice', '/v1/requests');
      expect(listed.body.requests.find((r) => r.id === id)?.files).toBe(3);
    } finally {
      endpoints[1]?.close();
      endpoints[2]?.close();
    }
  });
});

const MiB = 1024 * 1024;

interface GuestMultipart {
  receipt: string;
  uploadId: string;
  partSize: number;
  partCount: number;
}

async function signPart(id: string, upload: GuestMultipart, partNumber: number): Promise<{ url: string; size: number }> {
  const signed = await coffer.guestPost<{ parts: { url: string; size: number }[] }>(`${id}/multipart/${upload.receipt}/sign`, {
    uploadId: upload.uploadId,
    partNumbers: [partNumber],
  });
  expect(signed.status).toBe(200);
  const part = signed.body.parts[0];
  if (part === undefined) throw new Error('no part signed');
  return part;
}

describe("a guest's multipart upload, judged by RGW", () => {
  async function start(size: number): Promise<{ id: string; upload: GuestMultipart }> {
    const created = await coffer.call<{ id: string }>('alice', '/v1/requests', { title: 'multipart', expiresIn: 3600, maxFiles: 5, maxBytes: 100 * MiB, publicKey: PUBLIC_KEY });
    const started = await coffer.guestPost<GuestMultipart>(`${created.body.id}/multipart`, { size, chunkSize: 524_304 });
    expect(started.status).toBe(201);
    return { id: created.body.id, upload: started.body };
  }

  it('stores the parts at their planned lengths and assembles them; a part bigger or smaller than signed is refused by RGW', async () => {
    const size = 6 * MiB + 100;
    const { id, upload } = await start(size);
    expect(upload.partCount).toBe(2);
    const first = await signPart(id, upload, 1);
    expect(await outcome(await fetch(first.url, { method: 'PUT', body: randomBytes(first.size + 1) }))).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
    expect(await outcome(await fetch(first.url, { method: 'PUT', body: randomBytes(first.size - 1) }))).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
    const etags: { partNumber: number; etag: string }[] = [];
    for (const partNumber of [1, 2]) {
      const part = await signPart(id, upload, partNumber);
      const stored = await fetch(part.url, { method: 'PUT', body: randomBytes(part.size) });
      expect(stored.status).toBe(200);
      etags.push({ partNumber, etag: stored.headers.get('etag') ?? '' });
    }
    const foreign = await start(size);
    const completeForeign = await coffer.guestPost(`${foreign.id}/multipart/${foreign.upload.receipt}/complete`, { uploadId: foreign.upload.uploadId, parts: etags });
    expect(completeForeign.status).toBe(400);
    const done = await coffer.guestPost<{ receipt: string }>(`${id}/multipart/${upload.receipt}/complete`, { uploadId: upload.uploadId, parts: etags });
    expect(done).toEqual({ status: 200, body: { receipt: upload.receipt } });
    expect(await inbox(id)).toEqual([expect.objectContaining({ key: `inbox/${id}/${upload.receipt}`, size })]);
    expect(await inbox(foreign.id)).toEqual([]);
  });

  it('gives the request its file back when RGW no longer holds the upload, though the abort never reached the endpoint', async () => {
    const { id, upload } = await start(6 * MiB);
    const part = await signPart(id, upload, 1);
    expect((await fetch(part.url, { method: 'PUT', body: randomBytes(part.size) })).status).toBe(200);
    const before = await coffer.request(`/v1/public/requests/${id}`, {});
    expect(await before.json()).toMatchObject({ filesLeft: 4 });
    const s3 = createS3Client(rgw);
    try {
      await s3.send(new AbortMultipartUploadCommand({ Bucket: rgw.bucket, Key: `users/alice/inbox/${id}/${upload.receipt}`, UploadId: upload.uploadId }));
    } finally {
      s3.destroy();
    }
    const after = await coffer.request(`/v1/public/requests/${id}`, {});
    expect(await after.json()).toMatchObject({ filesLeft: 5, bytesLeft: 100 * MiB });
    // And an abort that arrives late finds it gone: nothing is given back twice.
    const late = await coffer.guestPost<{ filesLeft?: number; error?: { code: string } }>(`${id}/multipart/${upload.receipt}/abort`, { uploadId: upload.uploadId });
    expect(late).toMatchObject({ status: 404, body: { error: { code: 'upload_not_found' } } });
  });

  it('abort leaves no multipart upload in the bucket', async () => {
    const { id, upload } = await start(6 * MiB);
    const part = await signPart(id, upload, 1);
    expect((await fetch(part.url, { method: 'PUT', body: randomBytes(part.size) })).status).toBe(200);
    const aborted = await coffer.guestPost(`${id}/multipart/${upload.receipt}/abort`, { uploadId: upload.uploadId });
    expect(aborted.status).toBe(200);
    const s3 = createS3Client(rgw);
    try {
      const listed = await s3.send(new ListMultipartUploadsCommand({ Bucket: rgw.bucket, Prefix: `users/alice/inbox/${id}/` }));
      expect(listed.Uploads ?? []).toEqual([]);
    } finally {
      s3.destroy();
    }
  });
});

describe('the vault key pair on RGW', () => {
  it('is created once when three endpoint processes are asked at the same moment (If-None-Match: *)', async () => {
    const endpoints = [coffer, cofferOnRgw(rgw), cofferOnRgw(rgw)];
    const object = (fill: number) =>
      Buffer.concat([Buffer.from([0x89, 0x43, 0x46, 0x4b, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 1, 1]), Buffer.alloc(92, fill)]).toString('base64url');
    try {
      const answers = await Promise.all(
        Array.from({ length: 9 }, (_, i) => (endpoints[i % 3] ?? coffer).call('bob', '/v1/requests/keypair', { object: object(i + 1) })),
      );
      expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
      expect(answers.filter((a) => a.status === 409)).toHaveLength(8);
      const winner = answers.findIndex((a) => a.status === 201);
      const s3 = createS3Client(rgw);
      try {
        const stored = await s3.send(new GetObjectCommand({ Bucket: rgw.bucket, Key: 'users/bob/vault/keypair.coffer' }));
        expect(Buffer.from(await stored.Body?.transformToByteArray() ?? []).toString('base64url')).toBe(object(winner + 1));
        // RGW itself refuses the conditional create over an existing object: the guarantee holds across processes.
        const again = s3.send(new PutObjectCommand({ Bucket: rgw.bucket, Key: 'users/bob/vault/keypair.coffer', Body: 'x', IfNoneMatch: '*' }));
        await expect(again).rejects.toMatchObject({ $metadata: { httpStatusCode: 412 } });
      } finally {
        s3.destroy();
      }
    } finally {
      endpoints[1]?.close();
      endpoints[2]?.close();
    }
  });
});
