/** Bench page: raw WebCrypto AES-GCM on this thread, then the Coffer encrypt pipeline in one and two workers. */
import { CHUNK_SIZE } from '../../src/format';
import type { Figure, Job, JobResult } from './protocol';

function makeBlob(bytes: number): Blob {
  const block = new Uint8Array(8 << 20);
  for (let at = 0; at < block.length; at += 65536) crypto.getRandomValues(block.subarray(at, at + 65536));
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (let left = bytes; left > 0; left -= block.length) parts.push(block.subarray(0, Math.min(left, block.length)));
  return new Blob(parts);
}

async function rawAesGcm(bytes: number): Promise<Figure> {
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt']);
  const chunk = crypto.getRandomValues(new Uint8Array(CHUNK_SIZE).subarray(0, 65536)).buffer.slice(0);
  const data = new Uint8Array(CHUNK_SIZE);
  data.set(new Uint8Array(chunk));
  const iv = new Uint8Array(12);
  const start = performance.now();
  for (let i = 0; i * CHUNK_SIZE < bytes; i++) {
    new DataView(iv.buffer).setUint32(8, i);
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, data);
  }
  return { name: 'raw WebCrypto AES-256-GCM, 512 KiB calls, page thread', bytes, ms: performance.now() - start };
}

function runJob(worker: Worker, blob: Blob): Promise<JobResult> {
  return new Promise((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<JobResult>) => resolve(e.data);
    worker.onerror = (e) => reject(new Error(e.message));
    const job: Job = { blob };
    worker.postMessage(job);
  });
}

async function pipeline(workers: Worker[], blob: Blob): Promise<Figure> {
  const share = Math.ceil(blob.size / workers.length);
  const start = performance.now();
  const results = await Promise.all(workers.map((w, i) => runJob(w, blob.slice(i * share, (i + 1) * share))));
  const ms = performance.now() - start;
  for (const r of results) if (r.ciphertext <= r.plaintext) throw new Error('pipeline produced too little output');
  return { name: `Coffer encrypt pipeline (Blob.stream -> encryptor.stream), ${workers.length} worker(s)`, bytes: blob.size, ms };
}

function median(figures: Figure[]): Figure {
  const middle = [...figures].sort((a, b) => a.ms - b.ms)[Math.floor(figures.length / 2)];
  if (middle === undefined) throw new Error('no runs');
  return middle;
}

/** Runs every measurement `runs` times on `megabytes` MiB and returns the medians. */
async function runBench(megabytes: number, runs: number): Promise<Figure[]> {
  const bytes = megabytes << 20;
  const blob = makeBlob(bytes);
  const workers = [0, 1].map(() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }));
  await Promise.all(workers.map((w) => runJob(w, makeBlob(16 << 20))));
  const raw: Figure[] = [];
  const one: Figure[] = [];
  const two: Figure[] = [];
  for (let i = 0; i < runs; i++) {
    raw.push(await rawAesGcm(bytes));
    one.push(await pipeline(workers.slice(0, 1), blob));
    two.push(await pipeline(workers, blob));
  }
  for (const w of workers) w.terminate();
  return [median(raw), median(one), median(two)];
}

Object.assign(globalThis, { runBench });
