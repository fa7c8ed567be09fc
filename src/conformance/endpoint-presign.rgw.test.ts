/**
 * Coffer's endpoint in front of Ceph RGW: every URL here comes from POST /v1/presign with a user's token, as the
 * browser gets it, and RGW decides. A URL must grant exactly one method on one key of the caller's space, for its
 * lifetime, for its signed length; and only the app's origin may use the bucket from a browser.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { s3ErrorCode, withAlteredSignature, withExtraParam, withKey, wrongSecret, type RgwInstance } from '../dev/rgw/index.ts';
import { APP_ORIGIN, cofferOnRgw, withCofferOnRgw, type CofferOnRgw } from './coffer-on-rgw.ts';

let rgw: RgwInstance;
let coffer: CofferOnRgw;

withCofferOnRgw((started, endpoint) => {
  rgw = started;
  coffer = endpoint;
});

interface Signed {
  url: string;
  method: string;
  headers: Record<string, string>;
  expiresAt: string;
}

async function presign(request: Record<string, unknown>, endpoint = coffer, user: 'alice' | 'bob' = 'alice'): Promise<Signed> {
  const answer = await endpoint.call<Signed>(user, '/v1/presign', request);
  expect(answer.status).toBe(200);
  return answer.body;
}

async function upload(key: string, bytes: Uint8Array<ArrayBuffer>, user: 'alice' | 'bob' = 'alice'): Promise<void> {
  const signed = await presign({ method: 'PUT', key, contentLength: bytes.length }, coffer, user);
  const response = await fetch(signed.url, { method: 'PUT', body: bytes, headers: signed.headers });
  expect(response.status).toBe(200);
}

/** Status and S3 error code of a fetch; the body is consumed. */
async function outcome(response: Response): Promise<{ status: number; code: string }> {
  const code = response.ok ? '' : await s3ErrorCode(response);
  if (response.ok) await response.body?.cancel();
  return { status: response.status, code };
}

const freshKey = (label: string) => `files/${label}-${randomBytes(4).toString('hex')}.bin`;

describe('URLs from /v1/presign, judged by RGW', () => {
  const key = freshKey('target');
  const bytes = randomBytes(4096);
  beforeAll(async () => {
    await upload(key, bytes);
    await upload('files/bob-secret.bin', Buffer.from('bob only'), 'bob');
  });

  it('a signed PUT stores the bytes, the listing shows them, and a signed GET returns them (control)', async () => {
    const listing = await coffer.call<{ objects: { key: string; size: number }[] }>('alice', '/v1/objects?prefix=files/');
    expect(listing.body.objects).toContainEqual(expect.objectContaining({ key, size: bytes.length }));
    const get = await fetch((await presign({ method: 'GET', key })).url);
    expect(Buffer.from(await get.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it.each([
    ['a changed signature', (url: string) => withAlteredSignature(url)],
    ["a changed key (to another user's object)", (url: string) => withKey(url, `users/alice/${key}`, 'users/bob/files/bob-secret.bin')],
    ['an extra query parameter', (url: string) => withExtraParam(url, 'response-content-type', 'text/html')],
  ])('a GET URL with %s is refused with 403', async (_label, tamper) => {
    const signed = await presign({ method: 'GET', key });
    expect(await outcome(await fetch(tamper(signed.url)))).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
  });

  it('a URL from an endpoint holding a wrong secret is refused with 403', async () => {
    const forger = cofferOnRgw(rgw, { secretAccessKey: wrongSecret(rgw.secretAccessKey) });
    try {
      const signed = await presign({ method: 'GET', key }, forger);
      expect(await outcome(await fetch(signed.url))).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
    } finally {
      forger.close();
    }
  });

  it('an expired URL is refused with 403', async () => {
    const anHourAgo = Date.now() - 3_600_000;
    const past = cofferOnRgw(rgw, { clock: () => anHourAgo });
    try {
      const signed = await presign({ method: 'GET', key, expiresIn: 60 }, past);
      expect(Date.parse(signed.expiresAt)).toBeLessThan(Date.now());
      expect(await outcome(await fetch(signed.url))).toEqual({ status: 403, code: 'AccessDenied' });
    } finally {
      past.close();
    }
  });

  it('a DELETE URL deletes only its object; the GET URL then finds nothing', async () => {
    const doomed = freshKey('doomed');
    await upload(doomed, Buffer.from('bye'));
    const del = await fetch((await presign({ method: 'DELETE', key: doomed })).url, { method: 'DELETE' });
    expect(del.status).toBe(204);
    expect(await outcome(await fetch((await presign({ method: 'GET', key: doomed })).url))).toEqual({ status: 404, code: 'NoSuchKey' });
    expect((await fetch((await presign({ method: 'GET', key })).url)).status).toBe(200);
  });

  it.each([
    ['more', 1025],
    ['fewer', 1023],
  ])('a PUT of %s bytes than signed is refused and stores nothing', async (_label, sent) => {
    const target = freshKey('length');
    const signed = await presign({ method: 'PUT', key: target, contentLength: 1024 });
    const response = await fetch(signed.url, { method: 'PUT', body: randomBytes(sent), headers: signed.headers });
    expect(await outcome(response)).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
    const listing = await coffer.call<{ objects: { key: string }[] }>('alice', '/v1/objects?prefix=files/');
    expect(listing.body.objects.map((o) => o.key)).not.toContain(target);
  });
});

describe('CORS: only the app origin may use the endpoint and the bucket', () => {
  const preflight = (url: string, origin: string, method: string, headers?: string) =>
    fetch(url, {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': method, ...(headers === undefined ? {} : { 'Access-Control-Request-Headers': headers }) },
    });

  it('a preflight from an origin outside the allowlist is refused by the bucket', async () => {
    const signed = await presign({ method: 'PUT', key: freshKey('cors'), contentLength: 3 });
    const refused = await preflight(signed.url, 'http://evil.example', 'PUT');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    // The app's origin may send the headers a PUT URL signs (its ACL and type).
    const sent = Object.keys(signed.headers).join(',');
    expect(sent).toBe('content-type,x-amz-acl');
    const allowed = await preflight(signed.url, APP_ORIGIN, 'PUT', sent);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-amz-acl');
  });

  it('a preflight from an origin outside the allowlist gets no CORS grant from the endpoint', async () => {
    const headers = { 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization' };
    const refused = await coffer.request('/v1/presign', { method: 'OPTIONS', headers: { Origin: 'http://evil.example', ...headers } });
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const allowed = await coffer.request('/v1/presign', { method: 'OPTIONS', headers: { Origin: APP_ORIGIN, ...headers } });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
  });
});
