/**
 * `listTenThousandMs`: a vault of 10,000 files, made through the endpoint as the app makes them (encrypted objects
 * named `files/<id>.<sealed name>`, stored with pre-signed PUTs), then opened in real Chromium: the time from the click
 * on Unlock to the file list rendered with decrypted names, measured inside the page.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiClient, type ApiClient } from '../../src/transfer/api-client.ts';
import { createEncryptor, createVault, fileObjectKey, sealName } from '../../src/format/index.ts';
import { startStack } from '../../src/dev/stack.ts';
import { silentLogger } from '../../src/server/logger.ts';
import { evaluate, launchChromium, openPage } from '../lib/cdp-chromium.ts';

/** Files in the benchmark vault. */
export const FILE_COUNT = 10_000;
/** PUTs in flight while the vault is filled. */
const PARALLEL_PUTS = 32;
/** Unlocks measured; the median is reported. */
const RUNS = Number(process.env.BENCH_LIST_RUNS ?? 3);

async function put(api: ApiClient, key: string, body: Uint8Array): Promise<void> {
  const signed = await api.presign({ method: 'PUT', key, contentLength: body.length });
  const response = await fetch(signed.url, { method: 'PUT', headers: signed.headers, body: new Blob([body as Uint8Array<ArrayBuffer>]) });
  if (!response.ok) throw new Error(`PUT ${key}: HTTP ${response.status}`);
  await response.arrayBuffer();
}

/** One small file object as the app stores it: header and one sealed chunk, under a key carrying its sealed name. */
async function fileObject(masterKey: CryptoKey, index: number): Promise<{ key: string; body: Uint8Array }> {
  const plaintext = new TextEncoder().encode(`file ${index}\n`);
  const metadata = { name: `notes ${String(index).padStart(5, '0')}.txt`, type: 'text/plain', size: plaintext.length, modified: Date.UTC(2026, 0, 1) + index * 60_000 };
  const encryptor = await createEncryptor({ metadata, recipients: [{ type: 'vault', masterKey }] });
  const chunk = await encryptor.encryptChunk(0, plaintext, true);
  const body = new Uint8Array(encryptor.header.length + chunk.length);
  body.set(encryptor.header);
  body.set(chunk, encryptor.header.length);
  const id = randomBytes(16).toString('hex');
  return { key: fileObjectKey(id, await sealName(masterKey, id, encryptor.header, metadata)), body };
}

/** Creates the vault (its settings object) and its files through the endpoint. */
async function fillVault(api: ApiClient, passphrase: string, log: (...parts: unknown[]) => void): Promise<void> {
  const { settings, masterKey } = await createVault(passphrase);
  await put(api, 'vault/settings.coffer', settings);
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < FILE_COUNT) {
      const index = next++;
      const { key, body } = await fileObject(masterKey, index);
      await put(api, key, body);
      if ((index + 1) % 2000 === 0) log(`  ${index + 1} files stored (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_PUTS }, lane));
}

/** In the page: types the passphrase, clicks Unlock, and resolves the ms until the list shows its rows with names. */
const UNLOCK_AND_WAIT = (passphrase: string, count: number) => `(async () => {
  const until = (test) => new Promise((resolve) => { const poll = () => test() ? resolve() : requestAnimationFrame(poll); poll(); });
  await until(() => document.querySelector('input[type=password]'));
  const input = document.querySelector('input[type=password]');
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, ${JSON.stringify(passphrase)});
  input.dispatchEvent(new Event('input', { bubbles: true }));
  const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Unlock');
  const started = performance.now();
  button.click();
  await until(() => {
    const grid = document.querySelector('[role=grid][aria-label=Files]');
    const first = grid && grid.querySelector('[role=rowheader]');
    const count = document.querySelector('.fb-count');
    return first && first.textContent.startsWith('notes ') && count && count.textContent.startsWith('${count} ');
  });
  // The frame that shows the list: wait for it to be painted.
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const total = performance.now() - started;
  const measure = (name) => Math.round(performance.getEntriesByName(name).at(-1)?.duration ?? NaN);
  return { total, kdf: measure('coffer:unlock-kdf'), listObjects: measure('coffer:list-objects'), openNames: measure('coffer:open-names') };
})()`;

/**
 * Runs the benchmark on its own stack over the built app in `staticDir`; returns the median time (and every run) from
 * the Unlock click to the 10,000-file list rendered.
 */
export async function measureListTenThousand(staticDir: string, log: (...parts: unknown[]) => void): Promise<{ listTenThousandMs: number; runsMs: number[] }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'coffer-bench-list-'));
  const token = randomBytes(24).toString('base64url');
  // Its own ports (BENCH_PORT + 20: clear of the transfer benchmark and of the RGW e2e run on 8817), so that
  // benchmarks with different BENCH_PORTs can run side by side.
  const port = Number(process.env.BENCH_LIST_PORT ?? Number(process.env.BENCH_PORT ?? 8807) + 20);
  // BENCH_LIST_BACKEND=rgw: a real S3 (Ceph RGW) instead of s3rver, whose listing walks every object on each request.
  const backend = process.env.BENCH_LIST_BACKEND ?? 's3rver';
  log(`List benchmark on ${backend}`);
  const stack = await startStack(
    { PORT: String(port), COFFER_S3_PORT: String(port + 1), COFFER_S3_BACKEND: backend, COFFER_DATA_DIR: dataDir, COFFER_TOKENS: `bench:${token}`, COFFER_STATIC_DIR: staticDir, COFFER_RATE_LIMIT: '0' },
    { logger: silentLogger },
  );
  const browser = await launchChromium();
  try {
    const api = createApiClient({ baseUrl: stack.url, token });
    const passphrase = `bench list ${randomBytes(8).toString('hex')} passphrase`;
    log(`Storing ${FILE_COUNT} encrypted files through the endpoint…`);
    await fillVault(api, passphrase, log);
    const runsMs: number[] = [];
    for (let round = 0; round < RUNS; round++) {
      // A fresh page each time: nothing cached from the previous unlock.
      const page = await openPage(browser, `${stack.url}/#token=${encodeURIComponent(token)}`);
      const run = await evaluate<{ total: number; kdf: number; listObjects: number; openNames: number }>(page, UNLOCK_AND_WAIT(passphrase, FILE_COUNT));
      runsMs.push(run.total);
      // The listing starts with the click and runs beside Argon2id; names are opened after both.
      log(
        `  unlock to ${FILE_COUNT} files listed: ${run.total.toFixed(0)} ms (Argon2id unlock ${run.kdf} ms, listing ${run.listObjects} ms from the end of the unlock,` +
          ` opening names ${run.openNames} ms, the rest (workers, React render) ${(run.total - run.kdf - run.listObjects - run.openNames).toFixed(0)} ms)`,
      );
      await page.close();
    }
    const sorted = [...runsMs].sort((a, b) => a - b);
    return { listTenThousandMs: Math.round(sorted[Math.floor(sorted.length / 2)] ?? NaN), runsMs: runsMs.map(Math.round) };
  } finally {
    // Chromium's helper processes may still write into its profile as it is removed: that must not lose the figure.
    await browser.close().catch((error: unknown) => log(`could not remove the browser profile: ${String(error)}`));
    await stack.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
