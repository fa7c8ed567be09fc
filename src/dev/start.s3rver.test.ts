import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/** Runs `npm start`'s entry (without the build step) and collects what it prints until it exits or prints `until`. */
function runStart(env: Record<string, string>, until?: RegExp) {
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '--import', 'tsx', 'src/dev/start.ts'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  return new Promise<{ code: number | null; stdout: string; stderr: string; stop(): Promise<number | null> }>(
    (resolve) => {
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
    },
  );
}

function scratch() {
  return mkdtempSync(join(tmpdir(), 'coffer-start-'));
}

async function listen(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return { server, port: address.port };
}

const occupied: Server[] = [];
afterEach(() => {
  for (const server of occupied.splice(0)) server.close();
});

describe('npm start (embedded s3rver, real processes)', () => {
  it('starts S3 and the endpoint, prints a link with the token in the fragment, and stops on Ctrl-C', async () => {
    const run = await runStart({ PORT: '0', COFFER_S3_PORT: '0', COFFER_DATA_DIR: scratch() }, /Press Ctrl-C/);
    const link = /Open (http:\/\/127\.0\.0\.1:\d+)\/#token=([\w-]+)/.exec(run.stdout);
    expect(link, run.stdout + run.stderr).not.toBeNull();
    const [, origin, token] = link as RegExpExecArray;
    const health = await fetch(`${origin}/v1/health`);
    expect(health.status).toBe(200);
    const me = await fetch(`${origin}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(run.stdout.split(token as string)).toHaveLength(2); // printed once, never again
    expect(await run.stop()).toBe(0);
  });

  it('stops with one line and exit code 1 when the S3 settings are half given', async () => {
    const run = await runStart({ COFFER_S3_ENDPOINT: 'http://127.0.0.1:9000', COFFER_DATA_DIR: scratch() });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringContaining('COFFER_S3_BUCKET is missing')]);
  });

  it('stops with one line and exit code 1 when the port is in use', async () => {
    const { server, port } = await listen();
    occupied.push(server);
    const run = await runStart({ PORT: String(port), COFFER_S3_PORT: '0', COFFER_DATA_DIR: scratch() });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringContaining(`port ${port} is in use`)]);
  });

  it('stops with one line and exit code 1 when the S3 port is in use', async () => {
    const { server, port } = await listen();
    occupied.push(server);
    const run = await runStart({ PORT: '0', COFFER_S3_PORT: String(port), COFFER_DATA_DIR: scratch() });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringContaining(String(port))]);
  });

  it('stops with one line and exit code 1 when the data folder cannot be written', async () => {
    const file = join(scratch(), 'not-a-folder');
    writeFileSync(file, 'x');
    const run = await runStart({ PORT: '0', COFFER_S3_PORT: '0', COFFER_DATA_DIR: join(file, 'data') });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringContaining('cannot write the data folder')]);
  });
});
