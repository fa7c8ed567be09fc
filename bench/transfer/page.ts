/**
 * The transfer benchmark's page: drives Coffer's real upload and download machinery - with encryption, and with it
 * switched off as the baseline - against the real endpoint and S3. bench/transfer/run.ts calls it through Playwright.
 */
import { createVault } from '../../src/format';
import { prepareStreamedDownloads, streamToDisk } from '../../src/features/download/stream-to-disk';
import { createApiClient, type ApiClient } from '../../src/transfer/api-client';
import { decryptingStream } from '../../src/transfer/download/decrypting-reader';
import { getObjectRange } from '../../src/transfer/objects';
import { memoryResumeStore } from '../../src/transfer/upload/resume-store';
import { uploadFile } from '../../src/transfer/upload/upload-file';
import { startCryptoPool, type CryptoPool } from '../../src/transfer/workers';
import { headerLength } from '../../src/format';

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
    const key = await uploadFile({
      api,
      pool,
      masterKey,
      store: memoryResumeStore(),
      owner: 'bench',
      file,
      name: file.name,
      newKey: async () => `bench/${encrypt ? 'encrypted' : 'plain'}-${Date.now()}-${counter++}`,
      signal: new AbortController().signal,
      onProgress: (confirmed, total) => {
        if (confirmed === total) partsMs = performance.now() - started;
      },
      encrypt,
    });
    return { key, ms: performance.now() - started, partsMs };
  },

  /** Streams an object to disk through the download service worker (decrypting it unless it is plain). */
  async download(key: string, decrypt: boolean, plainSize: number): Promise<number> {
    const started = performance.now();
    let header = new Uint8Array(0);
    if (decrypt) {
      const first = await getObjectRange(api, key, 0, 4096);
      header = first.slice(0, headerLength(first));
    }
    const { stream, done } = decryptingStream({
      signUrl: async () => (await api.presign({ method: 'GET', key })).url,
      header,
      plainSize,
      pool,
      masterKey,
      decrypt,
    });
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
