/**
 * Chromium driven through the DevTools protocol without network instrumentation, for benchmarks. Playwright enables
 * the Network domain on every page, which copies every request body into the protocol: fine for tests, but it would
 * make in-memory upload bodies many times slower than for a real user, so the benchmarks measure without it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import CDP from 'chrome-remote-interface';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../../e2e/chromium.ts';
import { processTree } from './proc.ts';

/** A running Chromium and its browser-level DevTools connection. */
export interface Chromium {
  port: number;
  process: ChildProcess;
  browser: CDP.Client;
  downloadDir: string;
  close(): Promise<void>;
}

/** Debian's chromium where it exists, else Playwright's. */
export function chromiumPath(): string {
  return chromiumExecutable() ?? chromium.executablePath();
}

/** Starts a headless Chromium with downloads going to a fresh folder. */
export async function launchChromium(): Promise<Chromium> {
  const profile = mkdtempSync(join(tmpdir(), 'coffer-bench-profile-'));
  const downloadDir = mkdtempSync(join(tmpdir(), 'coffer-bench-downloads-'));
  const child = spawn(
    chromiumPath(),
    [
      '--headless=new',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      ...CHROMIUM_ARGS,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const browserUrl = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`chromium did not start: ${text.slice(-500)}`)), 30_000);
    child.stderr.on('data', (data: Buffer) => {
      text += data.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    });
    child.once('exit', (code) => reject(new Error(`chromium exited (${code}): ${text.slice(-500)}`)));
  });
  const port = Number(new URL(browserUrl).port);
  const browser = await CDP({ target: browserUrl });
  await browser.send('Browser.setDownloadBehavior', { behavior: 'allowAndName', downloadPath: downloadDir, eventsEnabled: true });
  return {
    port,
    process: child,
    browser,
    downloadDir,
    async close() {
      await browser.close().catch(() => undefined);
      // Every process of the browser, not only its first: a renderer still writing into the profile folder would make
      // removing it fail with ENOTEMPTY.
      const tree = processTree(child.pid ?? -1);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      for (const pid of tree.reverse()) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      await exited;
      rmSync(profile, { recursive: true, force: true, maxRetries: 20 });
      rmSync(downloadDir, { recursive: true, force: true });
    },
  };
}

/** Opens a page and waits for it to load; returns its DevTools connection. */
export async function openPage(browser: Chromium, url: string): Promise<CDP.Client> {
  const target = await CDP.New({ port: browser.port, url: 'about:blank' });
  const page = await CDP({ port: browser.port, target: target.id });
  await page.send('Page.enable');
  const loaded = page.Page.loadEventFired();
  await page.send('Page.navigate', { url });
  await loaded;
  return page;
}

/** Closes a page opened by `openPage`, and with it its renderer process unless another page shares it. */
export async function closePage(page: CDP.Client): Promise<void> {
  await page.send('Page.close');
  await page.close();
}

/** Evaluates an expression in the page, awaiting a promise; throws the page's exception. */
export async function evaluate<T>(page: CDP.Client, expression: string): Promise<T> {
  const { result, exceptionDetails } = await page.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
  if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
  return result.value as T;
}

/** Puts a file from disk into an <input type=file>. */
export async function setInputFile(page: CDP.Client, selector: string, path: string): Promise<void> {
  const { root } = await page.send('DOM.getDocument');
  const { nodeId } = await page.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  await page.send('DOM.setFileInputFiles', { nodeId, files: [path] });
}

/** Downloads the browser reported, by guid: settled when written ('completed') or failed ('canceled'). */
const downloads = new WeakMap<Chromium, { waiting: ((guid: string) => void)[]; states: Map<string, (state: string) => void> }>();

function trackDownloads(browser: Chromium) {
  let tracked = downloads.get(browser);
  if (tracked) return tracked;
  const created = { waiting: [] as ((guid: string) => void)[], states: new Map<string, (state: string) => void>() };
  browser.browser.on('Browser.downloadWillBegin', (params) => created.waiting.shift()?.((params as { guid: string }).guid));
  browser.browser.on('Browser.downloadProgress', (params) => {
    const { guid, state } = params as { guid: string; state: string };
    if (state !== 'inProgress') created.states.get(guid)?.(state);
  });
  downloads.set(browser, created);
  tracked = created;
  return tracked;
}

/** Resolves with the path of the next download once the browser has written all of it. */
export function nextDownload(browser: Chromium): Promise<string> {
  const tracked = trackDownloads(browser);
  return new Promise((resolve, reject) => {
    tracked.waiting.push((guid) =>
      tracked.states.set(guid, (state) => {
        tracked.states.delete(guid);
        if (state === 'completed') resolve(join(browser.downloadDir, guid));
        else reject(new Error(`the download ended as ${state}`));
      }),
    );
  });
}

/** Resident memory of the browser's renderer processes, in bytes (Linux /proc). */
export function rendererRss(browser: Chromium): number {
  let total = 0;
  for (const pid of processTree(browser.process.pid ?? -1)) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      total += Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    } catch {
      // Gone.
    }
  }
  return total;
}
