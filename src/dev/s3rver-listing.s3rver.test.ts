/**
 * The embedded S3's listing (src/dev/s3rver-listing.ts) over a real s3rver, through the AWS SDK: S3's order, prefixes
 * that end inside a folder name, pages that return every key once, delimiters, and the ETag and size of each object.
 */
import {
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandInput,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedS3, type EmbeddedS3 } from './embedded-s3';
import { compareKeys } from './s3rver-listing';

let s3: EmbeddedS3;
let client: S3Client;
let dataDir: string;
const etags = new Map<string, string>();

/** Keys chosen so that S3's byte order differs from JavaScript's default sort and from folder order. */
const KEYS = [
  'a',
  'a/b',
  'a/b/c',
  'a/z',
  'ab',
  'files/0aa.x',
  'files/0ab.y',
  'files/0b.z',
  'files/1a.w',
  'files/deep/0.txt',
  'files/deep/er/1.txt',
  'notes/\u{ff61}.txt', // U+FF61: one UTF-16 unit, three UTF-8 bytes (EF BD A1)
  'notes/\u{1f600}.txt', // U+1F600: a surrogate pair in UTF-16 (D83D...) but F0 9F... in UTF-8, so after U+FF61
  'notes/plain.txt',
  'z',
];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'coffer-list-'));
  s3 = await startEmbeddedS3({ port: 0, dataDir, bucket: 'b', allowedOrigins: [] });
  client = new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
  for (const [index, key] of KEYS.entries()) {
    const out = await client.send(new PutObjectCommand({ Bucket: 'b', Key: key, Body: 'x'.repeat(index + 1) }));
    etags.set(key, out.ETag ?? '');
  }
  // An upload in progress lives in s3rver's uploads folder: it is not an object.
  await client.send(new CreateMultipartUploadCommand({ Bucket: 'b', Key: 'files/0ac.pending' }));
});
afterAll(async () => {
  client.destroy();
  await s3.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every page of a listing: the keys, the common prefixes, and how many pages it took. */
async function listAll(input: Omit<ListObjectsV2CommandInput, 'Bucket'>) {
  const keys: string[] = [];
  const prefixes: string[] = [];
  let pages = 0;
  let token: string | undefined;
  do {
    const out = await client.send(new ListObjectsV2Command({ Bucket: 'b', ...input, ContinuationToken: token }));
    pages++;
    keys.push(...(out.Contents ?? []).map((object) => object.Key ?? ''));
    prefixes.push(...(out.CommonPrefixes ?? []).map((prefix) => prefix.Prefix ?? ''));
    token = out.NextContinuationToken;
  } while (token !== undefined);
  return { keys, prefixes, pages };
}

describe('ListObjectsV2 on the embedded S3', () => {
  it('lists every key once, in the byte order of UTF-8 (as S3 does)', async () => {
    const { keys } = await listAll({});
    expect(keys).toEqual([...KEYS].sort(compareKeys));
    expect(keys.indexOf('notes/\u{ff61}.txt')).toBeLessThan(keys.indexOf('notes/\u{1f600}.txt'));
  });

  it('matches a prefix that ends inside a name, and one that names a folder', async () => {
    expect((await listAll({ Prefix: 'files/0a' })).keys).toEqual(['files/0aa.x', 'files/0ab.y']);
    expect((await listAll({ Prefix: 'files/0' })).keys).toEqual(['files/0aa.x', 'files/0ab.y', 'files/0b.z']);
    expect((await listAll({ Prefix: 'files/deep/' })).keys).toEqual(['files/deep/0.txt', 'files/deep/er/1.txt']);
    expect((await listAll({ Prefix: 'a' })).keys).toEqual(['a', 'a/b', 'a/b/c', 'a/z', 'ab']);
    expect((await listAll({ Prefix: 'nothing/' })).keys).toEqual([]);
  });

  it('pages through with continuation tokens and StartAfter, every key exactly once', async () => {
    const paged = await listAll({ MaxKeys: 2 });
    expect(paged.keys).toEqual([...KEYS].sort(compareKeys));
    expect(paged.pages).toBe(Math.ceil(KEYS.length / 2));
    expect((await listAll({ Prefix: 'files/', StartAfter: 'files/0b.z' })).keys).toEqual(['files/1a.w', 'files/deep/0.txt', 'files/deep/er/1.txt']);
  });

  it('rolls keys up into common prefixes at the delimiter, none repeated across pages', async () => {
    const top = await listAll({ Delimiter: '/' });
    expect(top.keys).toEqual(['a', 'ab', 'z']);
    expect(top.prefixes).toEqual(['a/', 'files/', 'notes/']);
    const files = await listAll({ Prefix: 'files/', Delimiter: '/' });
    expect(files.keys).toEqual(['files/0aa.x', 'files/0ab.y', 'files/0b.z', 'files/1a.w']);
    expect(files.prefixes).toEqual(['files/deep/']);
    const paged = await listAll({ Delimiter: '/', MaxKeys: 1 });
    expect(paged.keys).toEqual(['a', 'ab', 'z']);
    expect(paged.prefixes).toEqual(['a/', 'files/', 'notes/']);
  });

  it("gives each object's size and the ETag its PUT returned, and drops a deleted object", async () => {
    const out = await client.send(new ListObjectsV2Command({ Bucket: 'b', Prefix: 'notes/' }));
    for (const object of out.Contents ?? []) {
      const key = object.Key ?? '';
      expect(object.ETag).toBe(etags.get(key));
      expect(object.Size).toBe(KEYS.indexOf(key) + 1);
      expect(Math.abs(Date.now() - (object.LastModified?.getTime() ?? 0))).toBeLessThan(10 * 60_000);
    }
    await client.send(new DeleteObjectCommand({ Bucket: 'b', Key: 'z' }));
    expect((await listAll({})).keys).not.toContain('z');
  });

  it('shows a write or a delete in the next listing, also of a folder quiet long enough for its read to be shared', async () => {
    const folder = join(dataDir, 'b', 'quiet');
    const hourAgo = new Date(Date.now() - 3_600_000);
    await client.send(new PutObjectCommand({ Bucket: 'b', Key: 'quiet/a', Body: 'a' }));
    utimesSync(folder, hourAgo, hourAgo);
    expect((await listAll({ Prefix: 'quiet/' })).keys).toEqual(['quiet/a']);
    expect((await listAll({ Prefix: 'quiet/' })).keys).toEqual(['quiet/a']);
    await client.send(new PutObjectCommand({ Bucket: 'b', Key: 'quiet/b', Body: 'b' }));
    expect((await listAll({ Prefix: 'quiet/' })).keys).toEqual(['quiet/a', 'quiet/b']);
    utimesSync(folder, hourAgo, hourAgo);
    expect((await listAll({ Prefix: 'quiet/' })).keys).toEqual(['quiet/a', 'quiet/b']);
    await client.send(new DeleteObjectCommand({ Bucket: 'b', Key: 'quiet/a' }));
    expect((await listAll({ Prefix: 'quiet/' })).keys).toEqual(['quiet/b']);
  });
});
