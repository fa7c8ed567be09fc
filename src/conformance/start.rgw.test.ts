/**
 * `npm start` with COFFER_S3_BACKEND=rgw, as real processes: the stack starts a throwaway Ceph RGW instead of
 * s3rver, the endpoint signs for it, the bucket's CORS rule allows the app's origins, and Ctrl-C takes it all down.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RGW_CONNECTION_FILE } from '../dev/local-s3.ts';
import { withAlteredSignature } from '../dev/rgw/index.ts';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  stop(): Promise<number | null>;
}

/** Runs `npm start`'s entry (without the build step) until it prints `until` or exits. */
function runStart(env: Record<string, string>, until?: RegExp): Promise<Run> {
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '--import', 'tsx', 'src/dev/start.ts'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  return new Promise((resolve) => {
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const stop = async () => {
      child.kill('SIGINT');
      return exited;
    };
    child.stdout.on('data', (data: Buffer) => {
      stdout += data.toString();
      if (until?.test(stdout)) resolve({ code: null, stdout, stderr, stop });
    });
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    void exited.then((code) => resolve({ code, stdout, stderr, stop }));
  });
}

const scratch = () => mkdtempSync(join(tmpdir(), 'coffer-start-rgw-'));

const occupied: Server[] = [];
afterEach(() => {
  for (const server of occupied.splice(0)) server.close();
});

async function occupyPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  occupied.push(server);
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

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
    const signed = (await (await api('/v1/presign', { method: 'PUT', key: 'notes.bin', contentLength: 5 })).json()) as { url: string };
    expect(new URL(signed.url).origin).toBe(connection.endpoint);
    const put = await fetch(signed.url, { method: 'PUT', body: 'hello' });
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
