import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { defineConfig } from '@playwright/test';

/**
 * E2E runs the real stack (`src/dev/start.ts`: embedded S3 + endpoint + built app) on its own ports, in a fresh data
 * folder, with one known user. The config file is evaluated in the runner and in every worker: values are made once
 * in the runner and handed down through the environment.
 */
process.env.COFFER_E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'coffer-e2e-'));
process.env.COFFER_E2E_TOKEN ??= randomBytes(24).toString('base64url');
/** Users for tests: each test claims one of its own (e2e/fixtures.ts), since a user has exactly one vault. */
const E2E_USERS = 40;
process.env.COFFER_E2E_USERS = String(E2E_USERS);
const port = Number(process.env.COFFER_E2E_PORT ?? 8797);
process.env.COFFER_E2E_URL = `http://127.0.0.1:${port}`;

/** Debian's chromium where it exists (Playwright cannot download browsers here); else Playwright's own. */
const debianChromium = '/usr/bin/chromium';
const executablePath = process.env.COFFER_CHROMIUM ?? (existsSync(debianChromium) ? debianChromium : undefined);

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  expect: { timeout: 15_000 },
  // The JSON report lets .ci/run prove that the e2e suite ran.
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-report.json' }]],
  use: {
    baseURL: process.env.COFFER_E2E_URL,
    browserName: 'chromium',
    trace: 'retain-on-failure',
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: 'node --openssl-legacy-provider --import tsx src/dev/start.ts',
    url: `${process.env.COFFER_E2E_URL}/v1/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      COFFER_S3_PORT: String(port + 1),
      COFFER_DATA_DIR: process.env.COFFER_E2E_DATA_DIR,
      COFFER_TOKENS: Array.from({ length: E2E_USERS }, (_, i) => `e2e${i}:${process.env.COFFER_E2E_TOKEN}-${i}`).join(','),
    },
  },
});
