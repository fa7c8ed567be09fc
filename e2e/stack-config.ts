import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './chromium';
import { removeQuietly } from './scratch';

/** Users for tests: each test claims one of its own (e2e/fixtures.ts), since a user has exactly one vault; room for the whole suite with margin. */
const E2E_USERS = 400;

/** What differs between the Playwright configurations of the real stack. */
export interface StackConfigOptions {
  /** Port of the endpoint and app; the local S3 server listens on port + 1. */
  port: number;
  /** The local S3 server `src/dev/start.ts` runs (COFFER_S3_BACKEND). */
  backend: 's3rver' | 'rgw';
  /** Where the JSON report goes (CI reads it to prove that the suite ran). */
  reportFile: string;
  outputDir: string;
  testMatch: string | string[];
  /** How long the stack may take to answer /v1/health. */
  startTimeoutMs: number;
}

/**
 * A Playwright configuration that runs the real stack (`src/dev/start.ts`: local S3 + endpoint + built app) on its
 * own ports, in a fresh data folder, with 100 known users of two tokens each. The config file is evaluated in the
 * runner and in every worker: values are made once in the runner and handed down through the environment
 * (fixtures.ts reads them).
 */
export function stackConfig(opts: StackConfigOptions): PlaywrightTestConfig {
  if (process.env.COFFER_E2E_DATA_DIR === undefined) {
    // Made here, so in the runner (workers inherit the variable): the runner removes it when it exits, after the
    // stack has stopped - a suite run leaves about a gigabyte of objects in it.
    const dataDir = mkdtempSync(join(tmpdir(), 'coffer-e2e-'));
    process.env.COFFER_E2E_DATA_DIR = dataDir;
    process.once('exit', () => removeQuietly(dataDir));
  }
  process.env.COFFER_E2E_TOKEN ??= randomBytes(24).toString('base64url');
  process.env.COFFER_E2E_USERS = String(E2E_USERS);
  process.env.COFFER_E2E_URL = `http://127.0.0.1:${opts.port}`;
  process.env.COFFER_E2E_S3_BACKEND = opts.backend;

  const executablePath = chromiumExecutable();

  return defineConfig({
    testDir: 'e2e',
    outputDir: opts.outputDir,
    testMatch: opts.testMatch,
    fullyParallel: false,
    workers: 1,
    forbidOnly: Boolean(process.env.CI),
    timeout: 60_000,
    expect: { timeout: 15_000 },
    reporter: [['list'], ['json', { outputFile: opts.reportFile }]],
    use: {
      baseURL: process.env.COFFER_E2E_URL,
      browserName: 'chromium',
      trace: 'retain-on-failure',
      launchOptions: {
        ...(executablePath ? { executablePath } : {}),
        args: CHROMIUM_ARGS,
      },
    },
    webServer: {
      command: 'node --openssl-legacy-provider --import tsx src/dev/start.ts',
      url: `${process.env.COFFER_E2E_URL}/v1/health`,
      reuseExistingServer: false,
      timeout: opts.startTimeoutMs,
      stdout: 'ignore',
      stderr: 'pipe',
      // Ctrl-C lets the stack stop its S3 server (RGW's daemons and scratch folder) cleanly.
      gracefulShutdown: { signal: 'SIGINT', timeout: 20_000 },
      env: {
        PORT: String(opts.port),
        COFFER_S3_PORT: String(opts.port + 1),
        COFFER_S3_BACKEND: opts.backend,
        // The pinned AWS SDK supports Node 20; its notice about Node 22 would only fill the log.
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        COFFER_DATA_DIR: process.env.COFFER_E2E_DATA_DIR,
        // Two tokens per user, as during a token rotation (fixtures.ts: secondTokenOf).
        COFFER_TOKENS: Array.from({ length: E2E_USERS }, (_, i) => `e2e${i}:${process.env.COFFER_E2E_TOKEN}-${i},e2e${i}:${process.env.COFFER_E2E_TOKEN}-${i}-second`).join(','),
      },
    },
  });
}
