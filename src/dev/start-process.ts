/**
 * Test-only: `npm start`'s entry run as a real child process, and ports held busy, for the start-up tests of the
 * s3rver stack (start.s3rver.test.ts) and the RGW stack (src/conformance/start.rgw.test.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, onTestFinished } from 'vitest';

/** A run of `npm start`: its exit code (null while it runs), what it printed so far, and Ctrl-C. */
export interface StartRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Sends SIGINT (Ctrl-C) and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Runs `npm start`'s entry (without the build step) with only PATH, HOME and `env` in its environment, and resolves
 * once it prints something `until` matches (still running) or once it exits.
 */
export function runStart(env: Record<string, string>, until?: RegExp): Promise<StartRun> {
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

/** A fresh empty directory under the system's temporary directory, named with `prefix`; removed after the test. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true, maxRetries: 3 }));
  return dir;
}

/**
 * Returns `occupyPort()`, which listens on a free local port and resolves with it, so a start-up can be refused it;
 * the ports are let go after each test of the calling file.
 */
export function usePortOccupier(): () => Promise<number> {
  const occupied: Server[] = [];
  afterEach(() => {
    for (const server of occupied.splice(0)) server.close();
  });
  return async () => {
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    occupied.push(server);
    const address = server.address();
    if (typeof address !== 'object' || !address) throw new Error('no port');
    return address.port;
  };
}
