/**
 * `npm start` with COFFER_S3_BACKEND=rgw, as real processes: the stack starts a throwaway Ceph RGW instead of
 * s3rver, the endpoint signs for it, the bucket's CORS rule allows the app's origins, and Ctrl-C takes it all down.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RGW_CONNECTION_FILE } from '../dev/local-s3.ts';
import { withAlteredSignature } from '../dev/rgw/index.ts';
import { runStart, scratchDir, usePortOccupier } from '../dev/start-process.ts';

const scratch = () => scratchDir('coffer-start-rgw-');
const occupyPort = usePortOccupier();

describe('npm start with COFFER_S3_BACKEND=rgw (real processes)', () => {
  it('serves the app against a throwaway RGW that checks signatures, and Ctrl-C stops both', async () => {
    const dataDir = scratch();
    const appOrigin = 'http://app.coffer.test:5173';
    const run = await runStart(
      { PORT: '0', COFFER_S3_PORT: '0', COFFER_DATA_DIR: dataDir, COFFER_S3_BACKEND: 'rgw', COFFER_ALLOWED_ORIGINS: appOrigin },
      /Press Ctrl-C/,
    );
    expect(run.stdout, run.stdout + run.stderr).toContain('throwaway Ceph RGW at http://127.0.0.1:');
    const [, origin, token] = /Open (http:\/\/127\.0\.0\.1:\d+)\/#token=([\w-]+)/.exec(run.stdout) ?? [];
    const connection = JSON.parse(readFileSync(join(dataDir, RGW_CONNECTION_FILE), 'utf8')) as { endpoint: string; bucket: string };
    expect(connection.bucket).toBe('coffer');

    const api = (path: string, body?: unknown) =>
      fetch(`${origin}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const signed = (await (await api('/v1/presign', { method: 'PUT', key: 'notes.bin', contentLength: 5 })).json()) as {
      url: string;
      headers: Record<string, string>;
    };
    expect(new URL(signed.url).origin).toBe(connection.endpoint);
    const put = await fetch(signed.url, { method: 'PUT', body: 'hello', headers: signed.headers });
    expect(put.status).toBe(200);
    const listing = (await (await api('/v1/objects')).json()) as { objects: { key: string; size: number }[] };
    expect(listing.objects.map(({ key, size }) => ({ key, size }))).toEqual([{ key: 'notes.bin', size: 5 }]);
    // s3rver would accept this; RGW checks the signature.
    const get = (await (await api('/v1/presign', { method: 'GET', key: 'notes.bin' })).json()) as { url: string };
    expect((await fetch(withAlteredSignature(get.url))).status).toBe(403);

    const preflight = (from: string) =>
      fetch(signed.url, { method: 'OPTIONS', headers: { Origin: from, 'Access-Control-Request-Method': 'PUT' } });
    expect((await preflight(appOrigin)).headers.get('access-control-allow-origin')).toBe(appOrigin);
    expect((await preflight('http://evil.example')).status).toBe(403);

    expect(await run.stop()).toBe(0);
    expect(existsSync(join(dataDir, RGW_CONNECTION_FILE))).toBe(false);
    await expect(fetch(connection.endpoint)).rejects.toThrow();
  }, 90_000);

  it('stops with one line and exit code 1 for an unknown backend', async () => {
    const run = await runStart({ PORT: '0', COFFER_DATA_DIR: scratch(), COFFER_S3_BACKEND: 'minio' });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringContaining('COFFER_S3_BACKEND must be s3rver or rgw')]);
  });

  it('stops with one line and exit code 1 when real S3 is configured too', async () => {
    const run = await runStart({
      PORT: '0',
      COFFER_DATA_DIR: scratch(),
      COFFER_S3_BACKEND: 'rgw',
      COFFER_S3_ENDPOINT: 'http://127.0.0.1:9000',
      COFFER_S3_BUCKET: 'coffer',
    });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringContaining('COFFER_S3_BACKEND=rgw starts a local S3')]);
  });

  it('stops with one line and exit code 1 when the RGW port is in use', async () => {
    const port = await occupyPort();
    const run = await runStart({ PORT: '0', COFFER_S3_PORT: String(port), COFFER_DATA_DIR: scratch(), COFFER_S3_BACKEND: 'rgw' });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringContaining(`port ${port}`)]);
  });
});
