import type { Request } from '@playwright/test';
import { createApiClient } from '../src/transfer/api-client';

/** A request as the page sent it (its body read back from S3 where Chromium does not report it: fillStoredBodies). */
export interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer | null;
}

/** What a page sent, for `page.on('request', ...)`. */
export async function record(request: Request): Promise<Recorded> {
  return {
    method: request.method(),
    url: request.url(),
    headers: await request.allHeaders(),
    body: request.postDataBuffer(),
  };
}

/** Every way a secret could be written into a request: raw bytes, hex, base64, base64url, percent-encoded. */
function encodings(secret: Buffer): Buffer[] {
  const text = [secret.toString('hex'), secret.toString('base64'), secret.toString('base64url')];
  return [secret, ...text.map((t) => Buffer.from(t)), Buffer.from(encodeURIComponent(secret.toString('base64')))];
}

/** Where `secret` (named `name`) appears in the requests' URLs, headers or bodies, in any of its encodings. */
export function leaks(requests: Recorded[], name: string, secret: Buffer): string[] {
  const found: string[] = [];
  for (const request of requests) {
    const texts = [request.url, ...Object.entries(request.headers).map(([k, v]) => `${k}: ${v}`)];
    for (const needle of encodings(secret)) {
      if (texts.some((text) => Buffer.from(text).includes(needle)) || request.body?.includes(needle)) {
        found.push(`${name} in ${request.method} ${new URL(request.url).pathname}`);
      }
    }
  }
  return found;
}

/**
 * Chromium does not report Blob request bodies to Playwright, so the bodies of PUTs to S3 are read back from S3
 * (s3rver stores exactly the bytes it received) before anything is deleted.
 */
export async function fillStoredBodies(requests: Recorded[], baseURL: string, token: string): Promise<void> {
  const api = createApiClient({ baseUrl: baseURL, token });
  const { user } = await api.me();
  for (const request of requests) {
    if (request.method !== 'PUT' || request.body !== null) continue;
    const path = decodeURIComponent(new URL(request.url).pathname);
    const key = path.slice(path.indexOf(`/users/${user}/`) + `/users/${user}/`.length);
    const { url } = await api.presign({ method: 'GET', key });
    request.body = Buffer.from(await (await fetch(url)).arrayBuffer());
  }
}
