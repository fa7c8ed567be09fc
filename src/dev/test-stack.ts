/**
 * Test-only: the endpoint over the embedded S3 (s3rver), started once per test file in a fresh temporary directory
 * with a one-page built app, and torn down after it. Imported only by `*.s3rver.test.ts` files.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { parseConfig } from '../server/config.ts';
import { silentLogger } from '../server/logger.ts';
import { startCoffer, type RunningCoffer } from '../server/start.ts';
import { userFromToken } from '../server/users.ts';
import { startEmbeddedS3, type EmbeddedS3 } from './embedded-s3.ts';

/** How a test file's stack is set up. */
export interface TestStackOptions<U extends string> {
  /** The users the endpoint knows, by name, with their bearer tokens. */
  tokens: Record<U, string>;
  /** Environment settings on top of the defaults (port 0, the temporary data and static directories, no rate limit). */
  env?: Record<string, string>;
}

/** An endpoint answer: the status and the parsed JSON body. */
export interface ApiAnswer<J> {
  status: number;
  json: J;
}

/** The running stack of a test file; its parts are there from the file's `beforeAll` on. */
export interface TestStack<U extends string> {
  /** The temporary directory holding the endpoint's data, the built app (`dist/`) and the S3 data (`s3/`). */
  readonly dir: string;
  readonly s3: EmbeddedS3;
  readonly coffer: RunningCoffer;
  /** Calls the endpoint as `user` with JSON: GET without a body, POST with one. */
  api<J = Record<string, unknown>>(user: U, path: string, body?: unknown): Promise<ApiAnswer<J>>;
}

interface Started {
  dir: string;
  s3: EmbeddedS3;
  coffer: RunningCoffer;
}

async function start<U extends string>({ tokens, env = {} }: TestStackOptions<U>): Promise<Started> {
  const dir = await mkdtemp(join(tmpdir(), 'coffer-stack-'));
  await mkdir(join(dir, 'dist'));
  await writeFile(join(dir, 'dist', 'index.html'), '<!doctype html><title>Coffer</title>');
  const s3 = await startEmbeddedS3({ port: 0, dataDir: join(dir, 's3'), bucket: 'coffer', allowedOrigins: ['http://app.test'] });
  const config = parseConfig({ PORT: '0', COFFER_DATA_DIR: dir, COFFER_STATIC_DIR: join(dir, 'dist'), COFFER_RATE_LIMIT: '0', ...env });
  const { endpoint, region, bucket, accessKeyId, secretAccessKey } = s3;
  const users = Object.entries<string>(tokens).map(([name, token]) => userFromToken(name, token));
  try {
    const coffer = await startCoffer(config, {
      s3: { endpoint, region, bucket, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } },
      users,
      logger: silentLogger,
    });
    return { dir, s3, coffer };
  } catch (error) {
    await s3.close();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Starts the stack in `beforeAll` and stops it in `afterAll` of the calling test file (or `describe` block), and
 * returns its handle. Reading a part of it before `beforeAll` ran is a mistake in the test and throws.
 */
export function useTestStack<U extends string>(options: TestStackOptions<U>): TestStack<U> {
  let started: Started | undefined;
  const running = (): Started => {
    if (started === undefined) throw new Error('test stack: not started yet (use it inside a test or a later hook)');
    return started;
  };
  beforeAll(async () => {
    started = await start(options);
  });
  afterAll(async () => {
    if (started === undefined) return;
    const { dir, s3, coffer } = started;
    started = undefined;
    await coffer.close();
    await s3.close();
    await rm(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return running().dir;
    },
    get s3() {
      return running().s3;
    },
    get coffer() {
      return running().coffer;
    },
    async api<J>(user: U, path: string, body?: unknown): Promise<ApiAnswer<J>> {
      const response = await fetch(`${running().coffer.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${options.tokens[user]}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, json: (await response.json()) as J };
    },
  };
}
