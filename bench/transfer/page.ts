/**
 * The transfer benchmark's page: drives Coffer's real upload and download machinery, and the plain baseline built from
 * the same parts (plain.ts), against the real endpoint and S3. bench/transfer/run.ts calls it through Playwright.
 */
import { createVault } from '../../src/format';
import { prepareStreamedDownloads, streamToDisk } from '../../src/transfer/save/stream-to-disk';
import { createApiClient, type ApiClient } from '../../src/transfer/api-client';
import { createRangeReader } from '../../src/transfer/download/range-reader';
import { getObjectRange } from '../../src/transfer/objects';
import { memoryResumeStore } from '../../src/transfer/upload/resume-store';
import { uploadFile } from '../../src/transfer/upload/upload-file';
import { startCryptoPool, type CryptoPool } from '../../src/transfer/workers';
import { CHUNK_SIZE, SEALED_CHUNK_SIZE, encryptedSize, headerLength } from '../../src/format';
import * as Comlink from 'comlink';
import { planParts } from '../../src/protocol/multipart';
import { PARTS_IN_FLIGHT } from '../../src/transfer/upload/upload-file';
import { partRange } from '../../src/transfer/upload/part-range';
import { ChunkLedger } from '../../src/transfer/upload/chunk-ledger';
import { fileStillMatches } from '../../src/transfer/upload/resume-check';
import type { FloorWorkerApi } from './floor.worker';
import { plainStream, uploadPlain } from './plain';

let api: ApiClient;
let pool: CryptoPool;
let masterKey: CryptoKey;
let counter = 0;

function chosenFile(): File {
  const file = (document.getElementById('file') as HTMLInputElement).files?.[0];
  if (!file) throw new Error('no file chosen');
  return file;
}

const bench = {
  async init(token: string): Promise<void> {
    api = createApiClient({ baseUrl: location.origin, token });
    pool = startCryptoPool();
    // A light KDF: the benchmark measures transfers, not Argon2.
    masterKey = (await createVault('benchmark passphrase', { argon2: { memoryKiB: 8192, iterations: 1, parallelism: 1 } })).masterKey;
    prepareStreamedDownloads();
  },

  /** Uploads the chosen file; returns its key, the time taken and the time until S3 had confirmed every part. */
  async upload(encrypt: boolean): Promise<{ key: string; ms: number; partsMs: number }> {
    const file = chosenFile();
    const started = performance.now();
    let partsMs = 0;
    const name = `bench/${encrypt ? 'encrypted' : 'plain'}-${Date.now()}-${counter++}`;
    const onProgress = (confirmed: number, total: number) => {
      if (confirmed !== total) return;
      partsMs = performance.now() - started;
      (window as { cofferPartsDone?: (payload: string) => void }).cofferPartsDone?.('');
    };
    const store = memoryResumeStore();
    const signal = new AbortController().signal;
    const key = encrypt
      ? await uploadFile({ api, pool, masterKey, store, owner: 'bench', file, name: file.name, newKey: () => Promise.resolve(name), signal, onProgress })
      : await uploadPlain(api, file, name, onProgress);
    return { key, ms: performance.now() - started, partsMs };
  },

  /**
   * Reads and seals the chosen file as an encrypted upload would (its part size, its parts in flight, as many workers
   * as the crypto pool), without sending anything: see floor.worker.ts. Returns the time taken.
   */
  async floor(): Promise<number> {
    const file = chosenFile();
    const workers = pool.size;
    const partSize = (planParts(file.size, SEALED_CHUNK_SIZE).partSize / SEALED_CHUNK_SIZE) * CHUNK_SIZE;
    const started = performance.now();
    const floorWorkers = Array.from({ length: workers }, () => new Worker(new URL('./floor.worker.ts', import.meta.url), { type: 'module' }));
    try {
      await Promise.all(
        floorWorkers.map((worker, i) =>
          Comlink.wrap<FloorWorkerApi>(worker).sealParts(file, masterKey, partSize, i, workers, Math.ceil(PARTS_IN_FLIGHT / workers)),
        ),
      );
      return performance.now() - started;
    } finally {
      for (const worker of floorWorkers) worker.terminate();
    }
  },

  /**
   * The encrypted upload without its requests: every part read, digested and sealed into its Blob by the crypto
   * workers (readPart and sealPart, the app's own code), PARTS_IN_FLIGHT at a time, then dropped. Returns the time taken.
   */
  async staged(): Promise<number> {
    const file = chosenFile();
    const started = performance.now();
    const header = await pool.run((w) => w.createHeader(file, masterKey, file.name));
    const objectSize = encryptedSize(file.size, header.length);
    const { partSize, partCount } = planParts(objectSize, SEALED_CHUNK_SIZE);
    let next = 1;
    const lane = async () => {
      for (let part = next++; part <= partCount; part = next++) {
        const range = partRange(objectSize, header.length, partSize, part);
        await pool.run(async (w) => {
          await w.readPart(`floor#${part}`, header, masterKey, range, file);
          await w.sealPart(`floor#${part}`);
          await w.dropPart(`floor#${part}`);
        });
      }
    };
    await Promise.all(Array.from({ length: PARTS_IN_FLIGHT }, lane));
    return performance.now() - started;
  },

  /**
   * What a resume costs before anything is sent when every chunk of the chosen file was sealed before: the file read
   * again and every chunk's digest checked (fileStillMatches, the app's own code). Returns the time of the check alone.
   */
  async resumeCheck(): Promise<number> {
    const file = chosenFile();
    const header = await pool.run((w) => w.createHeader(file, masterKey, file.name));
    const ledger = new ChunkLedger();
    const chunks = Math.max(1, Math.ceil(file.size / CHUNK_SIZE));
    for (let first = 0; first < chunks; first += 64) {
      const last = Math.min(chunks, first + 64) - 1;
      ledger.claim(first, await pool.run((w) => w.digestChunks(header, masterKey, file, first, last)));
    }
    const started = performance.now();
    const job = { pool, file, key: masterKey, signal: new AbortController().signal };
    if (!(await fileStillMatches(job, header, ledger))) throw new Error('the file changed during the benchmark');
    return performance.now() - started;
  },

  /** Streams an object to disk through the download service worker (decrypting it unless it is plain). */
  async download(key: string, decrypt: boolean, plainSize: number): Promise<number> {
    const started = performance.now();
    let header = new Uint8Array(0);
    if (decrypt) {
      const first = await getObjectRange(api, key, 0, 4096);
      header = first.slice(0, headerLength(first));
    }
    const signUrl = async () => (await api.presign({ method: 'GET', key })).url;
    const { stream, done } = decrypt ? createRangeReader({ signUrl, header, plainSize, pool, key: masterKey }).readAll() : plainStream(signUrl, plainSize);
    await streamToDisk(stream, 'bench.bin', plainSize, true);
    await done;
    return performance.now() - started;
  },

  async remove(key: string): Promise<void> {
    const { url } = await api.presign({ method: 'DELETE', key });
    await fetch(url, { method: 'DELETE' });
  },
};

declare global {
  interface Window {
    cofferBench: typeof bench;
  }
}
window.cofferBench = bench;
