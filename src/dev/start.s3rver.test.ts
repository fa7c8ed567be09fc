import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStart, scratchDir, usePortOccupier } from './start-process.ts';

const scratch = () => scratchDir('coffer-start-');
const occupyPort = usePortOccupier();

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
    const port = await occupyPort();
    const run = await runStart({ PORT: String(port), COFFER_S3_PORT: '0', COFFER_DATA_DIR: scratch() });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringContaining(`port ${port} is in use`)]);
  });

  it('stops with one line and exit code 1 when the S3 port is in use', async () => {
    const port = await occupyPort();
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
