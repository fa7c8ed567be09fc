/**
 * File requests through Coffer's endpoint in front of Ceph RGW: a guest's URL comes from
 * POST /v1/public/requests/:id/uploads without a token, and RGW decides. It must store exactly the signed length at
 * the key the endpoint chose in the request's inbox, and nothing else: no other length, method or key.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { s3ErrorCode, withKey, type RgwInstance } from '../dev/rgw/index.ts';
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
