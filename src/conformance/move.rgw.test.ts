/**
 * Rename by server-side copy through Coffer's endpoint in front of Ceph RGW: CopyObject for ordinary objects and, past
 * the single-copy limit (5 GiB on S3, lowered here to 6 MiB so a test can cross it), a multipart copy with
 * UploadPartCopy ranges, which RGW checks like AWS (parts of at least 5 MiB but the last). Bytes must be identical
 * after, the old key gone, nothing left half-done, and another user's objects out of reach.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createS3Client } from '../server/s3-storage.ts';
import type { RgwInstance } from '../dev/rgw/index.ts';
import { cofferOnRgw, withCofferOnRgw, type CofferOnRgw } from './coffer-on-rgw.ts';

const MiB = 1024 * 1024;

let rgw: RgwInstance;
let coffer: CofferOnRgw;

withCofferOnRgw((instance, endpoint) => {
  rgw = instance;
  coffer = endpoint;
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function put(endpoint: CofferOnRgw, key: string, body: Uint8Array<ArrayBuffer>): Promise<void> {
  const signed = await endpoint.call<{ url: string; headers: Record<string, string> }>('alice', '/v1/presign', { method: 'PUT', key, contentLength: body.length });
  expect((await fetch(signed.body.url, { method: 'PUT', body, headers: signed.body.headers })).status).toBe(200);
}

async function get(endpoint: CofferOnRgw, key: string): Promise<{ status: number; bytes: Uint8Array }> {
  const signed = await endpoint.call<{ url: string }>('alice', '/v1/presign', { method: 'GET', key });
  const response = await fetch(signed.body.url);
  return { status: response.status, bytes: new Uint8Array(await response.arrayBuffer()) };
}

describe('POST /v1/objects/move on RGW', () => {
  it('copies with CopyObject: identical bytes under the new key, the old key gone', async () => {
    const body = randomBytes(1_500_000);
    await put(coffer, 'files/aa.n1.before', body);
    const moved = await coffer.call('alice', '/v1/objects/move', { from: 'files/aa.n1.before', to: 'files/aa.n1.after' });
    expect(moved).toMatchObject({ status: 200, body: { key: 'files/aa.n1.after', size: body.length } });
    expect(sha256((await get(coffer, 'files/aa.n1.after')).bytes)).toBe(sha256(body));
    expect((await get(coffer, 'files/aa.n1.before')).status).toBe(404);
  });

  it('copies past the single-copy limit with UploadPartCopy parts, leaving no upload behind', async () => {
    const small = cofferOnRgw(rgw, { copyLimits: { singleMax: 6 * MiB, partSize: 5 * MiB } });
    try {
      const body = randomBytes(13 * MiB + 12_345);
      await put(small, 'files/bb.n1.big', body);
      const moved = await small.call('alice', '/v1/objects/move', { from: 'files/bb.n1.big', to: 'files/bb.n1.renamed' });
      expect(moved).toMatchObject({ status: 200, body: { key: 'files/bb.n1.renamed', size: body.length } });
      expect(sha256((await get(small, 'files/bb.n1.renamed')).bytes)).toBe(sha256(body));
      expect((await get(small, 'files/bb.n1.big')).status).toBe(404);
      const client = createS3Client({ endpoint: rgw.endpoint, region: rgw.region, forcePathStyle: true, credentials: rgw });
      const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket: rgw.bucket, Prefix: 'users/alice/' }));
      expect(uploads.Uploads ?? []).toEqual([]);
      client.destroy();
    } finally {
      small.close();
    }
  });

  it('keeps users apart and never overwrites', async () => {
    await put(coffer, 'files/cc', randomBytes(10));
    await put(coffer, 'files/dd', randomBytes(20));
    const bob = await coffer.call('bob', '/v1/objects/move', { from: 'files/cc', to: 'files/ee' });
    expect(bob).toMatchObject({ status: 404, body: { error: { code: 'object_not_found' } } });
    const clash = await coffer.call('alice', '/v1/objects/move', { from: 'files/cc', to: 'files/dd' });
    expect(clash).toMatchObject({ status: 409, body: { error: { code: 'object_exists' } } });
    expect((await get(coffer, 'files/cc')).bytes.length).toBe(10);
    expect((await get(coffer, 'files/dd')).bytes.length).toBe(20);
  });

  it('deletes a batch of objects in one request, the caller’s only', async () => {
    await put(coffer, 'files/gg', randomBytes(10));
    await put(coffer, 'files/hh', randomBytes(10));
    const deleted = await coffer.call('alice', '/v1/objects/delete', { keys: ['files/gg', 'files/hh', 'files/never'] });
    expect(deleted).toMatchObject({ status: 200, body: { deleted: 3 } });
    expect((await get(coffer, 'files/gg')).status).toBe(404);
    expect((await get(coffer, 'files/hh')).status).toBe(404);
  });

  it('reports usage listed from RGW', async () => {
    const usage = await coffer.call<{ usage: { bytes: number; objects: number } }>('bob', '/v1/me/usage');
    expect(usage).toMatchObject({ status: 200, body: { usage: { bytes: 0, objects: 0 }, quota: { bytes: null, objects: null } } });
    const before = (await coffer.call<{ usage: { bytes: number; objects: number } }>('alice', '/v1/me/usage')).body.usage;
    await put(coffer, 'files/ff', randomBytes(4096));
    expect((await coffer.call('alice', '/v1/me/usage')).body).toMatchObject({ usage: { bytes: before.bytes + 4096, objects: before.objects + 1 } });
  });
});
