/**
 * Moving a received file into the vault, as the owner's browser does it (transfer/rewrapped-copy.ts), against Ceph
 * RGW through Coffer's endpoint: the new object is the new header followed by the old object's bytes after its old
 * header, copied in parts that RGW must accept (every part but the last at least 5 MiB, each at its signed length);
 * a copy that fails leaves no multipart upload behind.
 */
import { randomBytes } from 'node:crypto';
import { ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createS3Client, type RgwInstance } from '../dev/rgw/index.ts';
import { createApiClient, type ApiClient } from '../transfer/api-client.ts';
import { copyWithNewHeader } from '../transfer/rewrapped-copy.ts';
import { TOKENS, withCofferOnRgw, type CofferOnRgw } from './coffer-on-rgw.ts';

const MiB = 1024 * 1024;
const ORIGIN = 'http://coffer.test';

let rgw: RgwInstance;
let coffer: CofferOnRgw;

withCofferOnRgw((started, endpoint) => {
  rgw = started;
  coffer = endpoint;
});

/** The browser's API client, its endpoint calls answered by the in-process endpoint; S3 calls go to RGW. */
function api(): ApiClient {
  return createApiClient({
    baseUrl: ORIGIN,
    token: TOKENS.alice,
    fetch: (input, init) => coffer.request((input instanceof Request ? input.url : input.toString()).slice(ORIGIN.length), init ?? {}),
  });
}

async function store(client: ApiClient, key: string, bytes: Uint8Array<ArrayBuffer>): Promise<void> {
  const signed = await client.presign({ method: 'PUT', key, contentLength: bytes.length });
  const response = await fetch(signed.url, { method: 'PUT', body: bytes, headers: signed.headers });
  expect(response.status).toBe(200);
}

async function read(client: ApiClient, key: string): Promise<Buffer> {
  const signed = await client.presign({ method: 'GET', key });
  return Buffer.from(await (await fetch(signed.url)).arrayBuffer());
}

describe('a received file copied under a new header, judged by RGW', () => {
  it.each([
    ['in parts, the new header shorter', 12 * MiB + 777, 181, 164],
    ['in parts, the new header longer', 11 * MiB, 164, 215],
    ['in one PUT when small', 3 * MiB, 181, 164],
  ])('%s', async (_label, size, oldHeaderLength, newHeaderLength) => {
    const client = api();
    const from = `inbox/${randomBytes(8).toString('hex')}`;
    const to = `files/${randomBytes(8).toString('hex')}`;
    const source = randomBytes(size);
    await store(client, from, source);
    const header = randomBytes(newHeaderLength);
    const progress: number[] = [];
    await copyWithNewHeader({ api: client, from, fromSize: size, oldHeaderLength, header, to, onProgress: (stored) => progress.push(stored) });
    expect((await read(client, to)).equals(Buffer.concat([header, source.subarray(oldHeaderLength)]))).toBe(true);
    expect(progress.at(-1)).toBe(newHeaderLength + size - oldHeaderLength);
    expect((await read(client, from)).equals(source)).toBe(true);
  });

  it('aborts the upload when the source is shorter than said, leaving nothing behind', async () => {
    const client = api();
    const from = `inbox/${randomBytes(8).toString('hex')}`;
    const to = `files/${randomBytes(8).toString('hex')}`;
    await store(client, from, randomBytes(7 * MiB));
    const copying = copyWithNewHeader({ api: client, from, fromSize: 9 * MiB, oldHeaderLength: 181, header: randomBytes(164), to });
    await expect(copying).rejects.toThrow('shorter than listed');
    const s3 = createS3Client(rgw);
    try {
      const listed = await s3.send(new ListMultipartUploadsCommand({ Bucket: rgw.bucket, Prefix: `users/alice/${to}` }));
      expect(listed.Uploads ?? []).toEqual([]);
    } finally {
      s3.destroy();
    }
    expect((await client.listObjects({ prefix: to })).objects).toEqual([]);
  });
});
