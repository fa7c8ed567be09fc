import { randomBytes } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { encryptedSize, SEALED_CHUNK_SIZE } from '../../format';
import { planParts } from '../../protocol';
import { FileChangedError } from './chunk-ledger';
import { chunkPlainRange, partRange } from './part-range';
import { memoryResumeStore, type ResumeStore } from './resume-store';
import { expectNoChunkResealedFromOtherPlaintext, inThreadPool, MemoryBucket, openObject, testMasterKey } from './test-helpers';
import { uploadFile } from './upload-file';

const MiB = 1024 * 1024;
/** Three parts (the plan gives 10 sealed chunks, 5 MiB, a part) of 29 chunks; part boundaries fall inside chunks. */
const SIZE = 14 * MiB + 1234;
const MODIFIED = Date.UTC(2024, 4, 1);

let masterKey: CryptoKey;
beforeAll(async () => {
  masterKey = await testMasterKey();
});

let bucket: MemoryBucket;
let pool: ReturnType<typeof inThreadPool>;
let store: ResumeStore;
beforeEach(() => {
  bucket = new MemoryBucket();
  vi.stubGlobal('fetch', bucket.fetch);
  pool = inThreadPool();
  store = memoryResumeStore();
});
afterEach(() => vi.unstubAllGlobals());

/** The same file name, size and modification time, with these bytes: what a file changed in place looks like. */
const fileOf = (bytes: Uint8Array<ArrayBuffer>) => new File([bytes], 'video.mp4', { lastModified: MODIFIED });

/** Random bytes, as a file's. */
const random = (length: number) => new Uint8Array(randomBytes(length));

let keys = 0;
function upload(file: File, signal = new AbortController().signal, events?: string[]): Promise<string> {
  return uploadFile({
    api: bucket.api(),
    pool,
    masterKey,
    store,
    owner: 'me',
    file,
    name: 'video.mp4',
    newKey: async () => `files/${++keys}`,
    signal,
    onProgress: () => undefined,
    ...(events ? { onChecking: (checking: boolean) => events.push(checking ? 'checking' : 'checked') } : {}),
  });
}

/** The plaintext of the object stored under `key`. */
async function stored(key: string): Promise<Buffer> {
  const object = bucket.objects.get(key);
  if (!object) throw new Error(`nothing stored under ${key}`);
  return Buffer.from(await openObject(object, masterKey));
}

/**
 * A first session that stops (a reload, as far as the upload can tell) while part 3 is on its way: its bytes left,
 * S3 never stored them. Parts 1 and 2 are stored first; `answer` may play the storage for a part instead.
 */
async function interruptedAtPart3(file: File, answer?: (partNumber: number) => Response | undefined): Promise<string> {
  const stop = new AbortController();
  bucket.fault = async (put) => {
    if (put.partNumber !== 3) return answer?.(put.partNumber);
    await bucket.until(() => [1, 2].every((n) => bucket.answered.some((p) => p.partNumber === n)));
    stop.abort('pause');
    throw new TypeError('Failed to fetch');
  };
  await expect(upload(file, stop.signal)).rejects.toBe('pause');
  bucket.fault = undefined;
  const [uploadId] = bucket.created;
  return uploadId as string;
}

/** The range of part `n` of the upload of a file of SIZE bytes whose header is `headerLength` long. */
function rangeOf(n: number, headerLength: number) {
  const objectSize = encryptedSize(SIZE, headerLength);
  return partRange(objectSize, headerLength, planParts(objectSize, SEALED_CHUNK_SIZE).partSize, n);
}

/** The plaintext of the chunks of part `n` that it shares with no other part. */
function ownPlaintext(n: number, headerLength: number) {
  const range = rangeOf(n, headerLength);
  return { start: chunkPlainRange(SIZE, range.firstChunk + 1).start, end: chunkPlainRange(SIZE, range.lastChunk - 1).end };
}

const headerLength = async () => (await store.list('me'))[0]?.header.length ?? 0;

describe('uploadFile: resuming', () => {
  it('an unchanged file resumes: the parts S3 holds are not sent again, and the object is the file', async () => {
    const bytes = random(SIZE);
    const first = await interruptedAtPart3(fileOf(bytes));
    const before = bucket.puts.length;
    const key = await upload(fileOf(bytes.slice()));
    expect(bucket.created).toEqual([first]);
    expect(bucket.puts.slice(before).map((put) => put.partNumber)).toEqual([3]);
    expect((await stored(key)).equals(bytes)).toBe(true);
    await expectNoChunkResealedFromOtherPlaintext(pool.sealed);
  });

  for (const [where, change] of [
    ['everywhere', (bytes: Uint8Array) => random(bytes.length)],
    ['only in a part S3 never stored (its bytes left, so the operator may hold them)', (bytes: Uint8Array, h: number) => flip(bytes, ownPlaintext(3, h))],
    ['only in a part S3 confirmed', (bytes: Uint8Array, h: number) => flip(bytes, ownPlaintext(1, h))],
  ] as const) {
    it(`a file changed ${where}, with the same size and date, starts over under a new key and stores the new bytes`, async () => {
      const bytes = random(SIZE);
      const first = await interruptedAtPart3(fileOf(bytes));
      const changed = change(bytes, await headerLength());
      const before = bucket.puts.length;
      const key = await upload(fileOf(changed));
      // No chunk was sealed again from other plaintext, and the object is the new version, not a mix of both.
      await expectNoChunkResealedFromOtherPlaintext(pool.sealed);
      expect((await stored(key)).equals(changed)).toBe(true);
      // The old upload was abandoned, with nothing more sent to it; the file went up as a new one.
      expect(bucket.puts.slice(before).filter((put) => put.uploadId === first)).toEqual([]);
      expect(bucket.aborted).toEqual([first]);
      expect(bucket.created).toHaveLength(2);
    });
  }

  it('a part the storage answered for but does not hold is sent again: S3, not the local record, says what it holds', async () => {
    const bytes = random(SIZE);
    // A storage (or a proxy) that answers 200 for part 2 without storing it.
    const fake = (n: number) => (n === 2 ? new Response(null, { status: 200, headers: { ETag: '"0123456789abcdef0123456789abcdef"' } }) : undefined);
    const first = await interruptedAtPart3(fileOf(bytes), fake);
    expect(bucket.held(first)).toEqual([1]);
    expect([...(await store.parts((await store.list('me'))[0]?.id ?? '')).keys()].sort()).toEqual([1, 2, 3]);
    const before = bucket.puts.length;
    const key = await upload(fileOf(bytes.slice()));
    expect(bucket.created).toEqual([first]);
    expect(bucket.puts.slice(before).map((put) => put.partNumber).sort()).toEqual([2, 3]);
    expect((await stored(key)).equals(bytes)).toBe(true);
    await expectNoChunkResealedFromOtherPlaintext(pool.sealed);
  });

  it('says when it checks the file and when the check is over, before any part is sent again; a new upload never checks', async () => {
    const bytes = random(SIZE);
    await interruptedAtPart3(fileOf(bytes));
    const events: string[] = [];
    bucket.fault = (put) => void events.push(`part ${put.partNumber}`);
    const api = bucket.api();
    const listAllParts = api.multipart.listAllParts;
    bucket.api = () => ({ ...api, multipart: { ...api.multipart, listAllParts: (...args) => (events.push('list parts'), listAllParts(...args)) } });
    await upload(fileOf(bytes.slice()), undefined, events);
    expect(events).toEqual(['checking', 'list parts', 'checked', 'part 3']);
    // The same name, size and date, stored meanwhile: nothing is pending for it, so nothing to check.
    const fresh: string[] = [];
    await upload(fileOf(random(SIZE)), undefined, fresh);
    expect(fresh).toEqual([]);
  });

  it('a part S3 lists with another ETag than it answered when it was sent is sent again', async () => {
    const bytes = random(SIZE);
    const first = await interruptedAtPart3(fileOf(bytes));
    // The operator put other bytes of the same length in part 1's place.
    const part = bucket.uploads.get(first)?.parts.get(1);
    if (!part) throw new Error('part 1 was not stored');
    bucket.uploads.get(first)?.parts.set(1, { bytes: random(part.bytes.length), etag: '"ffffffffffffffffffffffffffffffff"' });
    const before = bucket.puts.length;
    const key = await upload(fileOf(bytes.slice()));
    expect(bucket.puts.slice(before).map((put) => put.partNumber).sort()).toEqual([1, 3]);
    expect((await stored(key)).equals(bytes)).toBe(true);
  });

  it('an upload whose records hold no digests (kept by an earlier version) starts over: nothing shows what was sealed', async () => {
    const bytes = random(SIZE);
    const first = await interruptedAtPart3(fileOf(bytes));
    const [pending] = await store.list('me');
    if (!pending) throw new Error('no pending upload');
    for (const [n, record] of await store.parts(pending.id)) await store.putPart(pending.id, n, { firstChunk: 0, digests: [], ...(record.etag ? { etag: record.etag } : {}) });
    const key = await upload(fileOf(bytes.slice()));
    expect(bucket.aborted).toEqual([first]);
    expect((await stored(key)).equals(bytes)).toBe(true);
  });
});

describe('uploadFile: within one session', () => {
  it("every part's chunk digests are in the resume state before its first byte is sent", async () => {
    const bytes = random(SIZE);
    const missing: number[] = [];
    bucket.fault = async (put) => {
      const [pending] = await store.list('me');
      const record = pending && (await store.parts(pending.id)).get(put.partNumber);
      const range = rangeOf(put.partNumber, pending?.header.length ?? 0);
      if (record?.firstChunk !== range.firstChunk || record.digests.length !== range.lastChunk - range.firstChunk + 1) missing.push(put.partNumber);
      return undefined;
    };
    const key = await upload(fileOf(bytes));
    expect(bucket.puts.map((put) => put.partNumber).sort()).toEqual([1, 2, 3]);
    expect(missing).toEqual([]);
    expect((await stored(key)).equals(bytes)).toBe(true);
  });

  it('a retry re-sends the bytes already sealed: the part is read and sealed once', async () => {
    const bytes = random(SIZE);
    let failures = 0;
    bucket.fault = (put) => (put.partNumber === 2 && failures++ === 0 ? new Response('<Error><Code>InternalError</Code></Error>', { status: 500 }) : undefined);
    const key = await upload(fileOf(bytes));
    const sent = bucket.puts.filter((put) => put.partNumber === 2);
    expect(sent).toHaveLength(2);
    expect(Buffer.from(sent[0]?.body ?? []).equals(sent[1]?.body ?? new Uint8Array())).toBe(true);
    expect(pool.reads.filter((id) => id.endsWith('#2'))).toHaveLength(1);
    expect((await stored(key)).equals(bytes)).toBe(true);
  });

  it('a file that changes while it is sent stops with FileChangedError: no chunk is sealed from two versions, the upload is abandoned', async () => {
    const before = random(SIZE);
    const after = random(SIZE);
    // Reads that start in part 3's first chunk - the chunk it shares with part 2 - find the file changed.
    const edge = rangeOf(3, await testHeaderLength()).firstChunk;
    expect(rangeOf(2, await testHeaderLength()).lastChunk).toBe(edge);
    const changeAt = chunkPlainRange(SIZE, edge).start;
    const changing = {
      name: 'video.mp4',
      type: '',
      size: SIZE,
      lastModified: MODIFIED,
      slice: (start: number, end: number) => new Blob([(start >= changeAt ? after : before).subarray(start, end)]),
    } as unknown as File;
    await expect(upload(changing)).rejects.toBeInstanceOf(FileChangedError);
    expect(bucket.aborted).toEqual(bucket.created);
    expect(await store.list('me')).toEqual([]);
    await expectNoChunkResealedFromOtherPlaintext(pool.sealed);
    // Chosen again once it holds still, it goes up under a new key.
    const key = await upload(fileOf(after));
    expect((await stored(key)).equals(after)).toBe(true);
  });
});

/** `bytes` with every byte in [start, end) changed. */
function flip(bytes: Uint8Array, { start, end }: { start: number; end: number }): Uint8Array<ArrayBuffer> {
  const out = bytes.slice();
  for (let i = start; i < end; i++) out[i] = (out[i] ?? 0) ^ 0xff;
  return out;
}

/** The header length of a file of SIZE bytes named as here (the header carries the sealed name and size). */
async function testHeaderLength(): Promise<number> {
  return (await pool.run((w) => w.createHeader(fileOf(new Uint8Array(0)), masterKey, 'video.mp4'))).length;
}
