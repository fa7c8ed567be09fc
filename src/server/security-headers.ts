/**
 * Security headers of everything the Node server answers. The app gets a strict Content-Security-Policy: scripts,
 * styles, workers and frames from its own origin only, no inline script and no eval, network access only to its
 * own origin (the endpoint) and the S3 origin its signed URLs point at. docs/deployment.md gives the same headers
 * for static hosting.
 */
import type { Server } from 'node:http';

/** Where the bucket is reached; the same settings the endpoint's S3 client signs with. */
export interface S3Location {
  endpoint?: string;
  region: string;
  bucket: string;
  forcePathStyle: boolean;
}

/**
 * The origin of the URLs the endpoint signs for `s3`: the endpoint's (path-style), the bucket's subdomain of it
 * (virtual-hosted), or AWS's regional host. Bucket names with dots are addressed path-style over HTTPS, as the
 * AWS SDK does (a dotted subdomain would not match the certificate).
 */
export function s3Origin({ endpoint, region, bucket, forcePathStyle }: S3Location): string {
  const base = new URL(endpoint ?? `https://s3.${region}.amazonaws.com`);
  const pathStyle = forcePathStyle || (bucket.includes('.') && base.protocol === 'https:');
  return pathStyle ? base.origin : `${base.protocol}//${bucket}.${base.host}`;
}

/**
 * The app's Content-Security-Policy. 'wasm-unsafe-eval' lets WebAssembly compile (hash-wasm's Argon2id, the
 * passphrase KDF) and nothing else: eval and inline script stay forbidden. Workers are Vite-built module files
 * ('self'); downloads go through a hidden same-origin frame that the download service worker answers. Previews:
 * audio and video play from same-origin URLs the service worker answers ('self') or, before it runs, from decrypted
 * blob: URLs (only of inert types: raster images, audio, video); PDFs are drawn into canvases (PDF.js, in a worker).
 * No frame of a blob: URL (it would be a document of the app's origin) and no plugin source (object-src).
 */
export function contentSecurityPolicy(s3: string): string {
  return [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    `connect-src 'self' ${s3}`,
    "worker-src 'self'",
    "frame-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers of every answer: no MIME sniffing, and no Referer (a URL could carry a share link or a token). */
export const BASE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** Headers of the app's pages and static files. */
export function appSecurityHeaders(s3: S3Location): Record<string, string> {
  return { ...BASE_SECURITY_HEADERS, 'Content-Security-Policy': contentSecurityPolicy(s3Origin(s3)) };
}

/**
 * Sets the headers on every response of `server` before the app runs: API answers (`/v1/...`) get
 * BASE_SECURITY_HEADERS, everything else (the app) `appHeaders`. Done on Node's response rather than in Hono, so
 * the API's fast response path stays untouched; a header the app sets itself wins.
 */
export function addSecurityHeaders(server: Pick<Server, 'prependListener'>, appHeaders: Record<string, string>): void {
  const api = Object.entries(BASE_SECURITY_HEADERS);
  const app = Object.entries(appHeaders);
  server.prependListener('request', (request, response) => {
    const headers = request.url?.startsWith('/v1/') ? api : app;
    for (const [name, value] of headers) response.setHeader(name, value);
  });
}
