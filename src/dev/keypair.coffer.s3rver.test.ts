/**
 * The vault key pair is created once, over the embedded S3 (starts s3rver): s3rver ignores If-None-Match, so what
 * keeps one endpoint process exact there is its check under a lock (on RGW the condition itself holds across
 * processes: src/conformance/file-requests.rgw.test.ts).
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../server/config.ts';
import { silentLogger } from '../server/logger.ts';
import { startCoffer, type RunningCoffer } from '../server/start.ts';
import { userFromToken } from '../server/users.ts';
import { startEmbeddedS3, type EmbeddedS3 } from './embedded-s3.ts';

const TOKEN = 'carol-token-0123456789';
const KEY = 'users/carol/vault/keypair.coffer';
const object = (fill: number): string =>
  Buffer.concat([Buffer.from([0x89, 0x43, 0x46, 0x4b, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 1, 1]), Buffer.alloc(92, fill)]).toString('base64url');

describe('the vault key pair over the embedded S3 (starts s3rver)', () => {
  let dir: string;
  let s3: EmbeddedS3;
  let coffer: RunningCoffer;
  let client: S3Client;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'coffer-keypair-'));
    await mkdir(join(dir, 'dist'));
    await writeFile(join(dir, 'dist', 'index.html'), '<!doctype html><title>Coffer</title>');
    s3 = await startEmbeddedS3({ port: 0, dataDir: join(dir, 's3'), bucket: 'coffer', allowedOrigins: ['http://app.test'] });
    const config = parseConfig({ PORT: '0', COFFER_DATA_DIR: dir, COFFER_STATIC_DIR: join(dir, 'dist'), COFFER_RATE_LIMIT: '0' });
    const { endpoint, region, bucket, accessKeyId, secretAccessKey } = s3;
    coffer = await startCoffer(config, {
      s3: { endpoint, region, bucket, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } },
      users: [userFromToken('carol', TOKEN)],
      logger: silentLogger,
    });
    client = new S3Client({ endpoint, region, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
  });
  afterAll(async () => {
    client.destroy();
    await coffer.close();
    await s3.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores one of many pairs sent at once, and refuses the rest', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        fetch(`${coffer.url}/v1/requests/keypair`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ object: object(i + 1) }),
        }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(7);
    const stored = await client.send(new GetObjectCommand({ Bucket: 'coffer', Key: KEY }));
    expect(Buffer.from((await stored.Body?.transformToByteArray()) ?? []).toString('base64url')).toBe(object(statuses.indexOf(201) + 1));
  });

  it('s3rver itself ignores If-None-Match: * (so only the lock protects it)', async () => {
    const put = new PutObjectCommand({ Bucket: 'coffer', Key: KEY, Body: 'overwritten', IfNoneMatch: '*' });
    await expect(client.send(put)).resolves.toMatchObject({ $metadata: { httpStatusCode: 200 } });
  });
});
