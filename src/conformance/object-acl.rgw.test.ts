/**
 * Whoever holds an upload URL from Coffer's endpoint - the owner's app, or a guest of a file request - cannot choose
 * how RGW stores the object: RGW 16 honours x-amz-* headers that a presigned URL did not sign, so before the endpoint
 * signed them a guest's PUT with `x-amz-acl: public-read` and `content-type: text/html` made its inbox object a public
 * HTML page on the bucket's origin. Now every PUT URL signs `x-amz-acl: private` and `content-type:
 * application/octet-stream` as headers (RGW refuses any other value), multipart uploads are created private and
 * octet-stream by the endpoint, and what a client sends with a part changes neither.
 */
import { randomBytes } from 'node:crypto';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createS3Client, s3ErrorCode, type RgwInstance } from '../dev/rgw/index.ts';
import { withCofferOnRgw, type CofferOnRgw } from './coffer-on-rgw.ts';

let rgw: RgwInstance;
let coffer: CofferOnRgw;

withCofferOnRgw((started, endpoint) => {
  rgw = started;
  coffer = endpoint;
});

interface SignedPut {
  url: string;
  headers: Record<string, string>;
}

const PUBLIC_KEY = randomBytes(32).toString('base64url');
const ALL_USERS_READ = { 'x-amz-grant-read': 'uri="http://acs.amazonaws.com/groups/global/AllUsers"' };

/** What an uploader might add to make its object public, or a page of the bucket's origin. */
const HOSTILE: [string, Record<string, string>][] = [
  ['x-amz-acl: public-read', { 'x-amz-acl': 'public-read' }],
  ['content-type: text/html', { 'content-type': 'text/html' }],
  ['both', { 'x-amz-acl': 'public-read', 'content-type': 'text/html' }],
  ['a public-read grant', ALL_USERS_READ],
];

async function newRequest(): Promise<string> {
  const created = await coffer.call<{ id: string }>('alice', '/v1/requests', { title: 'acl', expiresIn: 3600, maxFiles: 20, maxBytes: 100_000_000, publicKey: PUBLIC_KEY });
  expect(created.status).toBe(201);
  return created.body.id;
}

/** A single-PUT URL for `size` bytes and the S3 key it writes, from the owner's presign or a guest's request. */
async function putUrl(who: 'owner' | 'guest', size: number): Promise<SignedPut & { key: string }> {
  if (who === 'owner') {
    const key = `files/acl-${randomBytes(6).toString('hex')}.bin`;
    const signed = await coffer.call<SignedPut>('alice', '/v1/presign', { method: 'PUT', key, contentLength: size });
    expect(signed.status).toBe(200);
    return { ...signed.body, key: `users/alice/${key}` };
  }
  const id = await newRequest();
  const signed = await coffer.guestPost<SignedPut & { receipt: string }>(`${id}/uploads`, { contentLength: size });
  expect(signed.status).toBe(200);
  return { ...signed.body, key: `users/alice/inbox/${id}/${signed.body.receipt}` };
}

/** Status of a GET without any credentials: 200 only if the object is public. */
async function anonymousGet(key: string): Promise<number> {
  const response = await fetch(`${rgw.endpoint}/${rgw.bucket}/${key.split('/').map(encodeURIComponent).join('/')}`);
  await response.body?.cancel();
  return response.status;
}

async function storedType(key: string): Promise<string | undefined> {
  const s3 = createS3Client(rgw);
  try {
    return (await s3.send(new HeadObjectCommand({ Bucket: rgw.bucket, Key: key }))).ContentType;
  } finally {
    s3.destroy();
  }
}

async function outcome(response: Response): Promise<{ status: number; code: string }> {
  const code = response.ok ? '' : await s3ErrorCode(response);
  if (response.ok) await response.body?.cancel();
  return { status: response.status, code };
}

describe.each(['owner', 'guest'] as const)("a single PUT URL of the %s's, judged by RGW", (who) => {
  it.each(HOSTILE)('used with %s is refused, and nothing public is stored', async (_label, hostile) => {
    const signed = await putUrl(who, 64);
    const response = await fetch(signed.url, { method: 'PUT', body: randomBytes(64), headers: { ...signed.headers, ...hostile } });
    // A changed signed header breaks the signature; grants beside the signed canned ACL are an invalid request.
    expect(await outcome(response)).toEqual('x-amz-grant-read' in hostile ? { status: 400, code: 'InvalidRequest' } : { status: 403, code: 'SignatureDoesNotMatch' });
    expect(await anonymousGet(signed.key)).toBe(403);
  });

  it('used as signed stores a private application/octet-stream object', async () => {
    const signed = await putUrl(who, 64);
    expect(signed.headers).toMatchObject({ 'content-type': 'application/octet-stream', 'x-amz-acl': 'private' });
    expect((await fetch(signed.url, { method: 'PUT', body: randomBytes(64), headers: signed.headers })).status).toBe(200);
    expect(await anonymousGet(signed.key)).toBe(403);
    expect(await storedType(signed.key)).toBe('application/octet-stream');
  });
});

describe('a multipart upload, its parts sent with hostile headers', () => {
  const partHeaders: Record<string, string>[] = [
    { 'x-amz-acl': 'public-read', 'content-type': 'text/html' },
    { ...ALL_USERS_READ, 'content-type': 'text/html' },
  ];

  it.each(partHeaders)("of the owner's is stored private and application/octet-stream (%o)", async (hostile) => {
    const key = `files/acl-mp-${randomBytes(6).toString('hex')}.bin`;
    const created = await coffer.call<{ uploadId: string; partSize: number }>('alice', '/v1/multipart', { key, size: 1000, chunkSize: 100 });
    expect(created.status).toBe(201);
    const { uploadId, partSize } = created.body;
    const signed = await coffer.call<{ parts: SignedPart[] }>('alice', '/v1/multipart/sign', { key, uploadId, size: 1000, partSize, partNumbers: [1] });
    expect(signed.status).toBe(200);
    const part = signed.body.parts[0] as SignedPart;
    const stored = await fetch(part.url, { method: 'PUT', body: randomBytes(part.size), headers: { ...part.headers, ...hostile } });
    expect(stored.status).toBe(200);
    const done = await coffer.call('alice', '/v1/multipart/complete', { key, uploadId, parts: [{ partNumber: 1, etag: stored.headers.get('etag') }] });
    expect(done.status).toBe(200);
    expect(await anonymousGet(`users/alice/${key}`)).toBe(403);
    expect(await storedType(`users/alice/${key}`)).toBe('application/octet-stream');
  });

  it.each(partHeaders)("of a guest's is stored private and application/octet-stream (%o)", async (hostile) => {
    const id = await newRequest();
    const started = await coffer.guestPost<{ receipt: string; uploadId: string }>(`${id}/multipart`, { size: 1000, chunkSize: 100 });
    expect(started.status).toBe(201);
    const { receipt, uploadId } = started.body;
    const signed = await coffer.guestPost<{ parts: SignedPart[] }>(`${id}/multipart/${receipt}/sign`, { uploadId, partNumbers: [1] });
    const part = signed.body.parts[0] as SignedPart;
    const stored = await fetch(part.url, { method: 'PUT', body: randomBytes(part.size), headers: { ...part.headers, ...hostile } });
    expect(stored.status).toBe(200);
    const done = await coffer.guestPost(`${id}/multipart/${receipt}/complete`, { uploadId, parts: [{ partNumber: 1, etag: stored.headers.get('etag') }] });
    expect(done.status).toBe(200);
    const key = `users/alice/inbox/${id}/${receipt}`;
    expect(await anonymousGet(key)).toBe(403);
    expect(await storedType(key)).toBe('application/octet-stream');
  });
});

interface SignedPart {
  url: string;
  size: number;
  headers: Record<string, string>;
}
