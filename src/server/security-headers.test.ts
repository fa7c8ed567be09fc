import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from './config.ts';
import { silentLogger } from './logger.ts';
import { createS3Client, createS3Storage } from './s3-storage.ts';
import { contentSecurityPolicy, s3Origin, type S3Location } from './security-headers.ts';
import { startCoffer, type RunningCoffer } from './start.ts';

const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret-test' };

/** The origin of a URL the endpoint's own presigner signs for `s3`: what the browser will connect to. */
async function signedOrigin(s3: S3Location): Promise<string> {
  const client = createS3Client({ region: s3.region, forcePathStyle: s3.forcePathStyle, credentials, ...(s3.endpoint ? { endpoint: s3.endpoint } : {}) });
  try {
    const storage = createS3Storage({ client, bucket: s3.bucket });
    const { url } = await storage.presign({ method: 'GET', key: 'users/a/x', expiresIn: 60, signingDate: new Date() });
    return new URL(url).origin;
  } finally {
    client.destroy();
  }
}

describe('s3Origin', () => {
  it.each<[string, S3Location, string]>([
    ['a local S3, path-style', { endpoint: 'http://127.0.0.1:8788', region: 'us-east-1', bucket: 'coffer', forcePathStyle: true }, 'http://127.0.0.1:8788'],
    ['R2, virtual-hosted', { endpoint: 'https://acc.r2.cloudflarestorage.com', region: 'auto', bucket: 'vault', forcePathStyle: false }, 'https://vault.acc.r2.cloudflarestorage.com'],
    ['AWS, virtual-hosted', { region: 'eu-central-1', bucket: 'my-coffer', forcePathStyle: false }, 'https://my-coffer.s3.eu-central-1.amazonaws.com'],
    ['AWS, path-style', { region: 'eu-central-1', bucket: 'my-coffer', forcePathStyle: true }, 'https://s3.eu-central-1.amazonaws.com'],
    ['AWS, a bucket with dots', { region: 'us-west-2', bucket: 'vault.example.com', forcePathStyle: false }, 'https://s3.us-west-2.amazonaws.com'],
  ])('is where signed URLs point: %s', async (_label, s3, expected) => {
    expect(s3Origin(s3)).toBe(expected);
    expect(await signedOrigin(s3)).toBe(expected);
  });
});

describe('the Node server sends security headers', () => {
  let coffer: RunningCoffer;
  const s3 = { endpoint: 'http://127.0.0.1:9', region: 'us-east-1', bucket: 'coffer', forcePathStyle: true };
  let staticDir = '';
  beforeAll(async () => {
    staticDir = mkdtempSync(join(tmpdir(), 'coffer-static-'));
    mkdirSync(join(staticDir, 'assets'));
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><script type="module" src="/assets/app.js"></script>');
    writeFileSync(join(staticDir, 'assets', 'app.js'), 'export {};');
    const config = parseConfig({ PORT: '0', COFFER_STATIC_DIR: staticDir, COFFER_TOKENS: 'alice:alice-token-0123456789' });
    coffer = await startCoffer(config, { s3: { ...s3, credentials }, logger: silentLogger });
  });
  afterAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- declared as set for the tests, unset if beforeAll failed
    await coffer?.close();
    rmSync(staticDir, { recursive: true, force: true });
  });

  it.each(['/', '/assets/app.js', '/some/app/route'])('on the app (%s): a strict CSP, nosniff and no-referrer', async (path) => {
    const response = await fetch(`${coffer.url}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy('http://127.0.0.1:9'));
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('on API answers, errors included: nosniff and no-referrer', async () => {
    for (const path of ['/v1/health', '/v1/me', '/v1/nothing']) {
      const response = await fetch(`${coffer.url}${path}`);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('content-type')).toContain('application/json');
    }
  });

  it('the CSP allows no inline script, no eval, no foreign frame or form target', () => {
    const csp = contentSecurityPolicy('https://b.s3.eu-west-1.amazonaws.com');
    const directives = Object.fromEntries(
      csp.split('; ').map((d): [string, string[]] => {
        const [name = '', ...values] = d.split(' ');
        return [name, values];
      }),
    );
    expect(directives['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(directives['connect-src']).toEqual(["'self'", 'https://b.s3.eu-west-1.amazonaws.com']);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['default-src']).toEqual(["'none'"]);
    // Previews: decrypted media from the service worker ('self') or blob: URLs, never from elsewhere; no frame of a
    // blob: URL (it would be a document of the app's origin): frames only for downloads the service worker answers.
    expect(directives['media-src']).toEqual(["'self'", 'blob:']);
    expect(directives['frame-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toBeUndefined();
    expect(csp).not.toMatch(/unsafe-inline|'unsafe-eval'/);
  });
});
