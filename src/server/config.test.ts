import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ConfigError, parseConfig } from './config.ts';
import { hashToken } from './users.ts';

function refusal(env: Record<string, string>): string {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('defaults to a local embedded stack', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      port: 8787,
      host: '127.0.0.1',
      publicUrl: 'http://127.0.0.1:8787',
      dataDir: resolve('.coffer'),
      staticDir: resolve('dist'),
      s3: { kind: 'none' },
      users: [],
      presignMaxExpires: 900,
      limits: { maxObjectSize: 5 * 1024 ** 4, rateLimit: 600 },
      sse: { kind: 'none' },
      trustedProxies: [],
      server: { headersTimeoutMs: 20_000, requestTimeoutMs: 60_000, keepAliveTimeoutMs: 5_000, maxConnections: 1000 },
    });
    // The app's own origin under both loopback names; the Vite dev server's origins are added by `npm run dev` alone.
    expect(config.allowedOrigins).toEqual(['http://127.0.0.1:8787', 'http://localhost:8787']);
  });

  it('allows only the public URL by default, with its loopback twin when it is served on one', () => {
    expect(parseConfig({ COFFER_PUBLIC_URL: 'https://vault.example.com' }).allowedOrigins).toEqual(['https://vault.example.com']);
    expect(parseConfig({ PORT: '9000', COFFER_PUBLIC_URL: 'http://localhost:9000' }).allowedOrigins).toEqual([
      'http://localhost:9000',
      'http://127.0.0.1:9000',
    ]);
  });

  it('reads the Node server limits in seconds, and trusted proxies as addresses or CIDR ranges', () => {
    const config = parseConfig({
      COFFER_HEADERS_TIMEOUT: '5',
      COFFER_REQUEST_TIMEOUT: '30',
      COFFER_KEEP_ALIVE_TIMEOUT: '75',
      COFFER_MAX_CONNECTIONS: '200',
      COFFER_TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1,::1, fd00::/8',
    });
    expect(config.server).toEqual({ headersTimeoutMs: 5000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 75_000, maxConnections: 200 });
    expect(config.trustedProxies).toEqual(['10.0.0.0/8', '127.0.0.1', '::1', 'fd00::/8']);
  });

  it('reads an external S3, users from tokens, limits and SSE-KMS', () => {
    const config = parseConfig({
      PORT: '9000',
      COFFER_PUBLIC_URL: 'https://vault.example.com/',
      COFFER_ALLOWED_ORIGINS: 'https://vault.example.com, https://other.example.com',
      COFFER_S3_BUCKET: 'b',
      AWS_REGION: 'eu-west-1',
      COFFER_TOKENS: 'alice:aaaaaaaaaaaaaaaa,bob:bbbbbbbbbbbbbbbb',
      COFFER_QUOTA_BYTES: '1000',
      COFFER_QUOTA_OBJECTS: '10',
      COFFER_RATE_LIMIT: '0',
      COFFER_SSE: 'aws:kms',
      COFFER_SSE_KMS_KEY_ID: 'key-1',
    });
    expect(config.publicUrl).toBe('https://vault.example.com');
    expect(config.allowedOrigins).toEqual(['https://vault.example.com', 'https://other.example.com']);
    expect(config.s3).toEqual({ kind: 'external', region: 'eu-west-1', bucket: 'b', forcePathStyle: false });
    expect(config.users).toEqual([
      { id: 'alice', tokenSha256: hashToken('aaaaaaaaaaaaaaaa') },
      { id: 'bob', tokenSha256: hashToken('bbbbbbbbbbbbbbbb') },
    ]);
    expect(config.limits).toEqual({ maxObjectSize: 5 * 1024 ** 4, quotaBytes: 1000, quotaObjects: 10 });
    expect(config.sse).toEqual({ kind: 'aws:kms', keyId: 'key-1' });
  });

  it('uses path-style and us-east-1 for a custom endpoint unless told otherwise', () => {
    expect(parseConfig({ COFFER_S3_ENDPOINT: 'http://127.0.0.1:7480', COFFER_S3_BUCKET: 'b' }).s3).toEqual({
      kind: 'external',
      endpoint: 'http://127.0.0.1:7480',
      region: 'us-east-1',
      bucket: 'b',
      forcePathStyle: true,
    });
  });

  it('merges users from a users file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'coffer-config-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'users.json');
    await writeFile(file, JSON.stringify({ users: [{ id: 'carol', tokenSha256: hashToken('c'.repeat(20)) }] }));
    expect(parseConfig({ COFFER_USERS_FILE: file }).users.map((u) => u.id)).toEqual(['carol']);
    expect(refusal({ COFFER_USERS_FILE: file, COFFER_TOKENS: 'dave:cccccccccccccccccccc' })).toContain('a token is given twice');
    // A second token of the same user (a rotation under way) is no mistake.
    expect(parseConfig({ COFFER_USERS_FILE: file, COFFER_TOKENS: 'carol:dddddddddddddddddddd' }).users.map((u) => u.id)).toEqual(['carol', 'carol']);
    await writeFile(file, '{"users":[{"id":"Dave","tokenSha256":"00"}]}');
    expect(refusal({ COFFER_USERS_FILE: file })).toMatch(/^COFFER_USERS_FILE: .*users\.0\.id/);
  });

  it.each([
    [{ COFFER_S3_ENDPOINT: 'http://s3.test' }, 'COFFER_S3_BUCKET is missing: set it together with COFFER_S3_ENDPOINT or AWS_REGION'],
    [{ COFFER_S3_REGION: 'eu-west-1' }, 'COFFER_S3_BUCKET is missing'],
    [{ COFFER_S3_BUCKET: 'b' }, 'COFFER_S3_REGION is missing'],
    [{ COFFER_S3_ENDPOINT: 'ftp://s3.test', COFFER_S3_BUCKET: 'b' }, 'COFFER_S3_ENDPOINT'],
    [{ COFFER_S3_FORCE_PATH_STYLE: 'true' }, 'COFFER_S3_FORCE_PATH_STYLE'],
    [{ COFFER_S3_BUCKET: 'b', AWS_REGION: 'x', COFFER_S3_FORCE_PATH_STYLE: 'maybe' }, 'COFFER_S3_FORCE_PATH_STYLE must be true or false'],
    [{ PORT: 'eighty' }, 'PORT must be a whole number'],
    [{ PORT: '70000' }, 'PORT must be a whole number from 0 to 65535'],
    [{ COFFER_PRESIGN_MAX_EXPIRES: '604801' }, 'COFFER_PRESIGN_MAX_EXPIRES'],
    [{ COFFER_PRESIGN_MAX_EXPIRES: '0' }, 'COFFER_PRESIGN_MAX_EXPIRES'],
    [{ COFFER_MAX_OBJECT_SIZE: '1.5' }, 'COFFER_MAX_OBJECT_SIZE'],
    [{ COFFER_QUOTA_BYTES: '10GB' }, 'COFFER_QUOTA_BYTES'],
    [{ COFFER_RATE_LIMIT: 'lots' }, 'COFFER_RATE_LIMIT'],
    [{ COFFER_SSE: 'aes' }, 'COFFER_SSE must be none, AES256 or aws:kms'],
    [{ COFFER_SSE: 'aws:kms' }, 'COFFER_SSE_KMS_KEY_ID is missing'],
    [{ COFFER_SSE_KMS_KEY_ID: 'k' }, 'COFFER_SSE_KMS_KEY_ID is set but COFFER_SSE is not aws:kms'],
    [{ COFFER_TOKENS: 'alice' }, 'COFFER_TOKENS must look like'],
    [{ COFFER_TOKENS: 'Alice:aaaaaaaaaaaaaaaa' }, 'COFFER_TOKENS must look like'],
    [{ COFFER_TOKENS: 'alice:short' }, 'the token of alice is shorter than 16'],
    [{ COFFER_PUBLIC_URL: 'vault' }, 'COFFER_PUBLIC_URL'],
    [{ COFFER_ALLOWED_ORIGINS: 'https://ok.test,nope' }, 'COFFER_ALLOWED_ORIGINS'],
    [{ COFFER_USERS_FILE: '/nonexistent/users.json' }, 'COFFER_USERS_FILE: cannot read /nonexistent/users.json'],
    [{ COFFER_HEADERS_TIMEOUT: '0' }, 'COFFER_HEADERS_TIMEOUT must be a whole number from 1 to 3600'],
    [{ COFFER_REQUEST_TIMEOUT: '1.5' }, 'COFFER_REQUEST_TIMEOUT'],
    [{ COFFER_HEADERS_TIMEOUT: '30', COFFER_REQUEST_TIMEOUT: '10' }, 'COFFER_HEADERS_TIMEOUT must not be longer than COFFER_REQUEST_TIMEOUT'],
    [{ COFFER_KEEP_ALIVE_TIMEOUT: 'long' }, 'COFFER_KEEP_ALIVE_TIMEOUT'],
    [{ COFFER_MAX_CONNECTIONS: '0' }, 'COFFER_MAX_CONNECTIONS'],
    [{ COFFER_TRUSTED_PROXIES: 'proxy.internal' }, 'COFFER_TRUSTED_PROXIES: "proxy.internal" is not an IP address or CIDR range'],
    [{ COFFER_TRUSTED_PROXIES: '10.0.0.0/33' }, 'COFFER_TRUSTED_PROXIES: "10.0.0.0/33"'],
    [{ COFFER_TRUSTED_PROXIES: '10.0.0.0/8/1' }, 'COFFER_TRUSTED_PROXIES'],
  ])('refuses %o with one line naming the variable', (env, expected) => {
    expect(refusal(env)).toContain(expected);
  });
});
