/**
 * Object writes on the embedded S3 are atomic (starts s3rver): a reader that comes while a writer writes sees the old
 * object or the new one, never a torn one - as on real S3. s3rver wrote an object's file in place, so a share or
 * request record read during an update was cut short, and the endpoint answered it with an error.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client, createS3Storage } from '../server/s3-storage.ts';
import type { Storage } from '../server/storage.ts';
import { startEmbeddedS3, type EmbeddedS3 } from './embedded-s3.ts';
import { isTempFileName } from './s3rver-atomic.ts';

describe('atomic object writes on the embedded S3 (starts s3rver)', () => {
  let dir: string;
  let s3: EmbeddedS3;
  let storage: Storage;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'coffer-atomic-'));
    s3 = await startEmbeddedS3({ port: 0, dataDir: join(dir, 's3'), bucket: 'coffer', allowedOrigins: [] });
    const { endpoint, region, accessKeyId, secretAccessKey } = s3;
    const client = createS3Client({ endpoint, region, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
    storage = createS3Storage({ client, bucket: 'coffer' });
  });
  afterAll(async () => {
    await s3.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A JSON record of a random length (up to 256 KiB), so that old and new contents differ in length too. */
  const record = (n: number): string => JSON.stringify({ n, pad: randomBytes(Math.floor(Math.random() * 96 * 1024)).toString('base64') });

  it('gives every reader of a key that many writers rewrite a whole record, one that was written', async () => {
    const key = 'shares/record.json';
    const written = new Set<string>();
    const first = record(0);
    written.add(first);
    await storage.writeObject(key, first);
    const torn: string[] = [];
    const reads: Promise<void>[] = [];
    const writes: Promise<unknown>[] = [];
    for (let n = 1; n <= 200; n++) {
      const next = record(n);
      written.add(next);
      writes.push(storage.writeObject(key, next));
      for (let r = 0; r < 3; r++) {
        reads.push(
          storage.readObject(key).then(
            (found) => {
              if (found === undefined || !written.has(found.body)) torn.push(found === undefined ? '(missing)' : `${found.body.length} bytes`);
            },
            // A body shorter than its Content-Length: the answer is cut off, the client reports it as an error.
            (error: unknown) => void torn.push(String(error)),
          ),
        );
      }
    }
    await Promise.all([...writes, ...reads]);
    expect(torn).toEqual([]);
    const last = await storage.readObject(key);
    expect(written.has(last?.body ?? '')).toBe(true);
  });

  it('keeps the old object when a PUT is cut off mid-body (s3rver left the part it had received)', async () => {
    await storage.writeObject('shares/cut.json', '{"whole":true}');
    const { port } = new URL(s3.endpoint);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write('PUT /coffer/shares/cut.json HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{"whole":');
    // The server has taken the first bytes in once it waits for more: then the client goes.
    await expect.poll(async () => (await readdir(join(dir, 's3', 'coffer', 'shares'))).some(isTempFileName)).toBe(true);
    socket.destroy();
    await expect.poll(async () => (await readdir(join(dir, 's3', 'coffer', 'shares'))).some(isTempFileName)).toBe(false);
    expect((await storage.readObject('shares/cut.json'))?.body).toBe('{"whole":true}');
  });

  it('serves large objects whole and in ranges, and keeps no file open for a 304 answer', async () => {
    const big = randomBytes(3 * 1024 * 1024);
    const url = `${s3.endpoint}/coffer/files/big`;
    expect((await fetch(url, { method: 'PUT', body: big })).status).toBe(200);
    const whole = await fetch(url);
    expect(Buffer.from(await whole.arrayBuffer()).equals(big)).toBe(true);
    const etag = whole.headers.get('etag') ?? '';
    const ranged = await fetch(url, { headers: { range: 'bytes=1048570-2097160' } });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(big.subarray(1048570, 2097161))).toBe(true);
    const openFiles = async () => (await readdir('/proc/self/fd')).length;
    const before = await openFiles();
    for (let i = 0; i < 40; i++) {
      const unchanged = await fetch(url, { headers: { 'if-none-match': etag } });
      expect(unchanged.status).toBe(304);
      await unchanged.arrayBuffer();
    }
    // s3rver opened the object for each answer and never closed it when the answer was a 304.
    expect(await openFiles()).toBeLessThan(before + 10);
  });

  it('leaves no temporary files behind, and lists only the objects', async () => {
    const files = await readdir(join(dir, 's3', 'coffer', 'shares'));
    expect(files.filter(isTempFileName)).toEqual([]);
    expect(files.filter((name) => name.startsWith('record.json')).sort()).toEqual([
      'record.json._S3rver_metadata.json',
      'record.json._S3rver_object',
      'record.json._S3rver_object.md5',
    ]);
    const listed = await storage.list({ prefix: 'shares/', limit: 100 });
    expect(listed.objects.map((object) => object.key)).toEqual(['shares/cut.json', 'shares/record.json']);
    expect((await readdir(join(dir, 's3', 'coffer', 'files'))).filter(isTempFileName)).toEqual([]);
  });
});
