/**
 * `npm run bench:format`: builds the bench page with Vite, opens it in headless Chromium and prints MB/s
 * (10^6 bytes per second) for raw WebCrypto AES-GCM and the Coffer encrypt pipeline in one and two workers.
 * A benchmark that prints figures, not a timed test. Options: BENCH_MB (default 256), BENCH_RUNS (default 5).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { build, preview } from 'vite';
import type { Figure } from './protocol';
import { CHROMIUM_ARGS, chromiumExecutable } from '../../e2e/chromium.ts';

const root = dirname(fileURLToPath(import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'coffer-bench-'));
const megabytes = Number(process.env.BENCH_MB ?? 256);
const runs = Number(process.env.BENCH_RUNS ?? 5);

await build({ root, configFile: false, logLevel: 'warn', build: { outDir, emptyOutDir: true, target: 'es2022' }, worker: { format: 'es' } });
const server = await preview({ root, configFile: false, logLevel: 'warn', build: { outDir }, preview: { port: 0, host: '127.0.0.1' } });
const url = server.resolvedUrls?.local[0];
const executablePath = chromiumExecutable();
const browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: CHROMIUM_ARGS });
try {
  if (url === undefined) throw new Error('vite preview gave no URL');
  const page = await browser.newPage();
  const load = loadavg()[0] ?? 0;
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(url);
  await page.waitForFunction(() => 'runBench' in globalThis);
  const navigatorCores = await page.evaluate(() => navigator.hardwareConcurrency);
  const figures = await page.evaluate(
    ([mb, n]) => (globalThis as unknown as { runBench: (mb: number, runs: number) => Promise<Figure[]> }).runBench(mb, n),
    [megabytes, runs] as const,
  );
  const rate = (f: Figure): number => f.bytes / 1e6 / (f.ms / 1000);
  const raw = figures[0];
  if (raw === undefined) throw new Error('no figures');
  console.log(`\nCoffer format benchmark: ${megabytes} MiB, median of ${runs} runs, ${browser.version()} (Chromium), ${process.arch}\n`);
  console.log(`${'measurement'.padEnd(78)} ${'MB/s'.padStart(7)} ${'vs raw'.padStart(7)}`);
  for (const f of figures) console.log(`${f.name.padEnd(78)} ${rate(f).toFixed(0).padStart(7)} ${(rate(f) / rate(raw)).toFixed(2).padStart(7)}`);
  console.log(`\nload average (1 min) before / after: ${load.toFixed(2)} / ${loadavg()[0]?.toFixed(2)} on ${navigatorCores} cores: figures are only meaningful on an idle machine`);
  console.log('targets (issue): >= 600 MB/s in one worker, >= 800 MB/s with two workers');
} finally {
  await browser.close();
  await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  rmSync(outDir, { recursive: true, force: true });
}
