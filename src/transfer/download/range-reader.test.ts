import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type * as Comlink from 'comlink';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHUNK_SIZE, chunkOffset, createEncryptor, openHeader, type OpenedFile } from '../../format';
import { meta, pattern, run, TEST_ARGON2 } from '../../format/test-helpers';
import type { CryptoWorkerApi } from '../crypto.worker';
import type { CryptoPool } from '../workers';
import { createRangeReader } from './range-reader';

/**
 * The range reader against a real HTTP server that answers Range requests as S3 does, with real encryption. The pool
 * runs the crypto worker's decryptChunk (open the header with the file key, open one chunk) on this thread.
 */
const size = 24 * CHUNK_SIZE + 1000;
const FINAL = 24;
const plaintext = pattern(size, 5);
let object: Uint8Array;
let served: Uint8Array;
let header: Uint8Array;
let fileKey: Uint8Array;
const requests: { start: number; end: number }[] = [];
/** Faults for the next requests: cut the body after this many bytes, or answer 403 "Request has expired". */
const faults: ('cut' | 'expired')[] = [];
/** Whether answers show the object's size in Content-Range: a storage whose CORS rule does not expose it hides it. */
let showTotal = true;
let signed = 0;
let server: Server;
let base = '';

const inThread = {
  opened: new Map<Uint8Array, OpenedFile>(),
  async decryptChunk(h: Uint8Array, key: CryptoKey | Uint8Array, index: number, sealed: Uint8Array<ArrayBuffer>) {
    if (!(key instanceof Uint8Array)) throw new Error('test pool takes file keys');
    const opened = this.opened.get(h) ?? (await openHeader(h, { type: 'file-key', fileKey: key }));
    this.opened.set(h, opened);
    const plaintext = (await opened.decryptChunk(index, sealed)).slice();
    return { plaintext, buffer: sealed.buffer };
  },
};
const pool: CryptoPool = { size: 1, run: (task) => task(inThread as unknown as Comlink.Remote<CryptoWorkerApi>), terminate: () => undefined };

function reader(file = { header, size, fileKey }) {
  return createRangeReader({
    signUrl: () => Promise.resolve(`${base}/object?signature=${++signed}`),
    header: file.header,
    plainSize: file.size,
    pool,
    key: file.fileKey,
    retries: 1,
  });
}

/** An empty file: one final chunk of no plaintext, its tag alone. */
let empty: { object: Uint8Array; header: Uint8Array; size: number; fileKey: Uint8Array };

async function readAll(stream: ReadableStream<Uint8Array>): Promise<{ bytes: Uint8Array; error: unknown }> {
  const parts: Uint8Array[] = [];
  const r = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await r.read();
      if (done) break;
      parts.push(value);
    }
  } catch (error) {
    return { bytes: Buffer.concat(parts), error };
  }
  return { bytes: Buffer.concat(parts), error: undefined };
}

/** The payload key (SPEC.md section 3), to forge chunks with a chosen last-chunk flag. */
async function payloadKey(): Promise<CryptoKey> {
  const ikm = await crypto.subtle.importKey('raw', fileKey as Uint8Array<ArrayBuffer>, 'HKDF', false, ['deriveKey']);
  const salt = header.slice(16, 48);
  const info = new TextEncoder().encode('coffer/v1 payload');
  return crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt, info }, ikm, { name: 'AES-GCM', length: 256 }, false, ['encrypt']);
}

async function forgeChunk(index: number, last: boolean): Promise<Uint8Array> {
  const iv = new Uint8Array(12);
  new DataView(iv.buffer).setUint32(7, index);
  iv[11] = last ? 1 : 0;
  const chunk = plaintext.slice(index * CHUNK_SIZE, Math.min(size, (index + 1) * CHUNK_SIZE));
  return new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await payloadKey(), chunk));
}

beforeAll(async () => {
  const enc = await createEncryptor({ metadata: meta(size), recipients: [{ type: 'passphrase', passphrase: 'p', argon2: TEST_ARGON2 }] });
  object = (await run(enc.stream(), plaintext)).output;
  header = enc.header;
  fileKey = enc.fileKey;
  served = object;
  const emptyEnc = await createEncryptor({ metadata: meta(0), recipients: [{ type: 'passphrase', passphrase: 'p', argon2: TEST_ARGON2 }] });
  empty = { object: (await run(emptyEnc.stream(), new Uint8Array(0))).output, header: emptyEnc.header, size: 0, fileKey: emptyEnc.fileKey };
  server = createServer((req, res) => {
    const match = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (!match) return void res.writeHead(400).end();
    const start = Number(match[1]);
    const end = Math.min(match[2] ? Number(match[2]) : Infinity, served.length - 1);
    const total = showTotal ? `/${served.length}` : '/*';
    requests.push({ start, end: end + 1 });
    const fault = faults.shift();
    if (fault === 'expired') {
      res.writeHead(403, { 'Content-Type': 'application/xml' });
      return void res.end('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
    }
    if (fault === 'cut') {
      res.writeHead(206, { 'Content-Range': `bytes ${start}-${end}${total}`, 'Content-Length': String(end + 1 - start) });
      res.write(served.subarray(start, start + 700_000));
      return void setTimeout(() => res.destroy(), 20);
    }
    res.writeHead(206, { 'Content-Range': `bytes ${start}-${end}${total}`, 'Content-Length': String(end + 1 - start) });
    res.end(served.subarray(start, end + 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function fetched(): number {
  return requests.splice(0).reduce((n, r) => n + r.end - r.start, 0);
}

describe('range reader', () => {
  it('returns exactly the requested plaintext for ranges inside, across and at the ends of chunks', async () => {
    served = object;
    const cases: [number, number][] = [
      [0, 1],
      [10, 20],
      [CHUNK_SIZE - 5, CHUNK_SIZE + 5],
      [CHUNK_SIZE, 2 * CHUNK_SIZE],
      [size - 1, size],
      [FINAL * CHUNK_SIZE, size],
      [0, size],
      [7, 7],
    ];
    for (const [start, end] of cases) {
      const { bytes, error } = await readAll(reader().read(start, end));
      expect(error).toBeUndefined();
      expect(Buffer.compare(bytes, plaintext.subarray(start, end))).toBe(0);
    }
  });

  it('fetches only the chunks that hold the range', async () => {
    served = object;
    fetched();
    await readAll(reader().read(size - 10, size));
    expect(fetched()).toBe(object.length - chunkOffset(header.length, FINAL));
    await readAll(reader().read(2 * CHUNK_SIZE + 1, 2 * CHUNK_SIZE + 2));
    expect(fetched()).toBe(CHUNK_SIZE + 16);
  });

  it('stops fetching when the reader is cancelled after the first bytes', async () => {
    served = object;
    fetched();
    const stream = reader().read(0, size);
    const r = stream.getReader();
    expect((await r.read()).value?.length).toBe(CHUNK_SIZE);
    await r.cancel();
    expect(fetched()).toBeLessThan(object.length / 2);
  });

  it('goes on from the chunk it was receiving when the connection breaks', async () => {
    served = object;
    fetched();
    faults.push('cut');
    const { bytes, error } = await readAll(reader().read(100, 3 * CHUNK_SIZE));
    expect(error).toBeUndefined();
    expect(Buffer.compare(bytes, plaintext.subarray(100, 3 * CHUNK_SIZE))).toBe(0);
    const [first, second] = requests.splice(0);
    expect(first?.start).toBe(chunkOffset(header.length, 0));
    expect(second?.start).toBe(chunkOffset(header.length, 1)); // 700,000 bytes came: chunk 0 whole, chunk 1 not
  });

  it('signs again when the signed URL expired', async () => {
    served = object;
    faults.push('expired');
    const before = signed;
    const { bytes, error } = await readAll(reader().read(0, 10));
    expect(error).toBeUndefined();
    expect(Buffer.compare(bytes, plaintext.subarray(0, 10))).toBe(0);
    expect(signed - before).toBe(2);
  });

  it('releases nothing of a tampered chunk inside the range', async () => {
    served = object.slice();
    const at = chunkOffset(header.length, 2) + 100;
    served[at] = (served[at] ?? 0) ^ 1;
    const inside = await readAll(reader().read(2 * CHUNK_SIZE + 10, 2 * CHUNK_SIZE + 20));
    expect(inside.error).toMatchObject({ code: 'tampered' });
    expect(inside.bytes.length).toBe(0);
    // A range over chunks 1..3 releases chunk 1 (authentic) and stops at chunk 2: never a byte of it or after it.
    const across = await readAll(reader().read(CHUNK_SIZE, 4 * CHUNK_SIZE));
    expect(across.error).toMatchObject({ code: 'tampered' });
    expect(Buffer.compare(across.bytes, plaintext.subarray(CHUNK_SIZE, 2 * CHUNK_SIZE))).toBe(0);
  });

  it('checks the last-chunk flag from the authenticated size, not from the bytes', async () => {
    // The final chunk sealed without the flag (as if the file went on): refused.
    const notFinal = await forgeChunk(FINAL, false);
    served = Buffer.concat([object.subarray(0, chunkOffset(header.length, FINAL)), notFinal]);
    expect((await readAll(reader().read(size - 10, size))).error).toMatchObject({ code: 'tampered' });
    // A middle chunk sealed as final (as if the file ended there): refused.
    const final = await forgeChunk(1, true);
    served = object.slice();
    served.set(final, chunkOffset(header.length, 1));
    expect((await readAll(reader().read(CHUNK_SIZE, CHUNK_SIZE + 1))).error).toMatchObject({ code: 'tampered' });
    // The forgery is right apart from the flag: with the right flag it opens.
    served.set(await forgeChunk(1, false), chunkOffset(header.length, 1));
    expect((await readAll(reader().read(CHUNK_SIZE, CHUNK_SIZE + 1))).error).toBeUndefined();
  });

  it('refuses an object whose size is not what its header says', async () => {
    served = Buffer.concat([object, new Uint8Array(1)]);
    const longer = (await readAll(reader().read(0, 10))).error;
    expect(String(longer)).toMatch(/changed in storage/);
    expect(longer).toMatchObject({ code: 'trailing-data' });
    served = object.subarray(0, object.length - 1);
    expect((await readAll(reader().read(0, 10))).error).toBeDefined();
  });
});

describe('a whole download (readAll)', () => {
  /** Reads the whole file: what the stream released, its error, how `done` settled, the progress reported. */
  async function download(file = { header, size, fileKey }, signal?: AbortSignal) {
    const progress: number[] = [];
    const { stream, done } = reader(file).readAll({ onProgress: (released) => progress.push(released), signal });
    const read = await readAll(stream);
    const settled = await done.then(
      () => undefined,
      (error: unknown) => error ?? new Error('rejected'),
    );
    return { ...read, done: settled, progress };
  }

  it('releases the whole file with one open-ended request, reports progress and settles', async () => {
    served = object;
    fetched();
    const { bytes, error, done, progress } = await download();
    expect(error).toBeUndefined();
    expect(done).toBeUndefined();
    expect(Buffer.compare(bytes, plaintext)).toBe(0);
    expect(progress.at(-1)).toBe(size);
    const [only, ...more] = requests.splice(0);
    expect(more).toEqual([]);
    expect(only).toEqual({ start: header.length, end: object.length });
  });

  it('authenticates the final chunk of an empty file', async () => {
    served = empty.object;
    const whole = await download(empty);
    expect(whole.error).toBeUndefined();
    expect(whole.done).toBeUndefined();
    expect(whole.bytes.length).toBe(0);
    const changed = empty.object.slice();
    changed[changed.length - 1] = (changed[changed.length - 1] ?? 0) ^ 1;
    served = changed;
    expect((await download(empty)).done).toMatchObject({ code: 'tampered' });
  });

  it('goes on from the chunk it was receiving when the connection breaks', async () => {
    served = object;
    fetched();
    faults.push('cut');
    const { bytes, done } = await download();
    expect(done).toBeUndefined();
    expect(Buffer.compare(bytes, plaintext)).toBe(0);
    const [first, second] = requests.splice(0);
    expect(first?.start).toBe(chunkOffset(header.length, 0));
    expect(second).toEqual({ start: chunkOffset(header.length, 1), end: object.length });
  });

  it('releases only the chunks before a tampered one, and fails', async () => {
    served = object.slice();
    const at = chunkOffset(header.length, 5) + 7;
    served[at] = (served[at] ?? 0) ^ 1;
    const { bytes, error, done } = await download();
    expect(error).toMatchObject({ code: 'tampered' });
    expect(done).toMatchObject({ code: 'tampered' });
    expect(Buffer.compare(bytes, plaintext.subarray(0, 5 * CHUNK_SIZE))).toBe(0);
  });

  it('refuses a file cut at a chunk boundary, and one whose final chunk lacks the last-chunk flag', async () => {
    showTotal = false;
    try {
      served = object.subarray(0, chunkOffset(header.length, FINAL));
      const cut = await download();
      expect(cut.done).toBeDefined();
      // Authentic chunks before the gap may be released; nothing else is.
      expect(cut.bytes.length).toBeLessThanOrEqual(FINAL * CHUNK_SIZE);
      expect(Buffer.compare(cut.bytes, plaintext.subarray(0, cut.bytes.length))).toBe(0);
      served = Buffer.concat([served, await forgeChunk(FINAL, false)]);
      const unflagged = await download();
      expect(unflagged.done).toMatchObject({ code: 'tampered' });
      expect(unflagged.bytes.length).toBe(FINAL * CHUNK_SIZE);
    } finally {
      showTotal = true;
    }
  });

  it('refuses bytes after the final chunk, even where the storage hides the object size', async () => {
    showTotal = false;
    try {
      served = Buffer.concat([object, new Uint8Array(1)]);
      const { error, done } = await download();
      expect(error).toMatchObject({ code: 'trailing-data' });
      expect(done).toMatchObject({ code: 'trailing-data' });
    } finally {
      showTotal = true;
    }
  });

  it('stops when its signal aborts, with the signal reason', async () => {
    served = object;
    const abort = new AbortController();
    const reason = new DOMException('the download was cancelled', 'AbortError');
    abort.abort(reason);
    const { error, done, bytes } = await download(undefined, abort.signal);
    expect(error).toBe(reason);
    expect(done).toBe(reason);
    expect(bytes.length).toBe(0);
  });
});
