import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { MAX_OBJECT_SIZE, MAX_PRESIGN_SECONDS } from '../protocol/index.ts';
import { MIN_TOKEN_LENGTH, USER_ID_PATTERN, userFromToken, type User } from './users.ts';
import { UsersFileError, readUsersFile } from './users-file.ts';

/** A configuration value that cannot be used. The message is one line and names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Where objects are stored: a real S3 service, or none configured (then `npm start` runs a local one: src/dev, whose
 * settings are its own).
 */
export type S3Config = { kind: 'none' } | { kind: 'external'; endpoint?: string; region: string; bucket: string; forcePathStyle: boolean };

/** S3 server-side encryption asked for on every upload (in addition to Coffer's own). */
export type SseConfig = { kind: 'none' } | { kind: 'AES256' } | { kind: 'aws:kms'; keyId: string };

/** Limits enforced when signing. `undefined` means no limit. */
export interface Limits {
  maxObjectSize: number;
  quotaBytes?: number;
  quotaObjects?: number;
  /** Requests per minute per token. */
  rateLimit?: number;
}

/** How long the Node server waits for slow clients, and how many it holds at once (not used on Lambda). */
export interface ServerLimits {
  /** Longest time to receive a request's headers. */
  headersTimeoutMs: number;
  /** Longest time to receive a whole request, headers and body; a second more is the longest a connection may sit idle. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection is kept open for the next request. */
  keepAliveTimeoutMs: number;
  /** Connections held at once; more are closed as they arrive. */
  maxConnections: number;
}

/** Everything the endpoint is configured with, parsed once at start. */
export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  allowedOrigins: string[];
  /**
   * Addresses (or CIDR ranges) of the reverse proxies in front of the endpoint: only a request from one of them has its
   * client address read from X-Forwarded-For. Empty: the client address is the connection's.
   */
  trustedProxies: string[];
  server: ServerLimits;
  dataDir: string;
  staticDir: string;
  s3: S3Config;
  users: User[];
  usersFile?: string;
  presignMaxExpires: number;
  limits: Limits;
  sse: SseConfig;
}

type Env = Record<string, string | undefined>;

/** Default requests per minute per token; `COFFER_RATE_LIMIT=0` turns the limit off. */
export const DEFAULT_RATE_LIMIT = 600;

/** The Node server's defaults: generous for a browser on a slow link, short for a client that only holds a socket. */
export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1000,
};

function value(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}

/** A whole-number setting from `min` to `max`, or undefined when unset; throws ConfigError naming `name` otherwise. */
export function integer(env: Env, name: string, min: number, max: number): number | undefined {
  const raw = value(env, name);
  if (raw === undefined) return undefined;
  const parsed = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return parsed;
}

function origin(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name}: "${raw}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${name}: "${raw}" must start with http:// or https://`);
  }
  return url.origin;
}

/** The same origin under its other loopback name (127.0.0.1 <-> localhost), or undefined for any other host. */
export function loopbackTwin(origin: string): string | undefined {
  const url = new URL(origin);
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') return undefined;
  url.hostname = url.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  return url.origin;
}

/**
 * COFFER_ALLOWED_ORIGINS, or by default the public URL alone (and its loopback twin when it is served on
 * 127.0.0.1 or localhost). Other origins, such as the Vite dev server's, are added by whoever serves the app there.
 */
function allowedOrigins(env: Env, publicUrl: string): string[] {
  const raw = value(env, 'COFFER_ALLOWED_ORIGINS');
  const list = raw === undefined ? [publicUrl, loopbackTwin(publicUrl) ?? publicUrl] : raw.split(',').map((item) => item.trim()).filter((item) => item !== '');
  return [...new Set(list.map((item) => origin('COFFER_ALLOWED_ORIGINS', item)))];
}

function trustedProxies(env: Env): string[] {
  const raw = value(env, 'COFFER_TRUSTED_PROXIES');
  if (raw === undefined) return [];
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      const [address = '', bits, ...rest] = item.split('/');
      const family = isIP(address);
      const max = family === 6 ? 128 : 32;
      const prefix = bits === undefined ? max : /^\d+$/.test(bits) ? Number(bits) : Number.NaN;
      if (family === 0 || rest.length > 0 || !(prefix >= 0 && prefix <= max)) {
        throw new ConfigError(`COFFER_TRUSTED_PROXIES: "${item}" is not an IP address or CIDR range (e.g. 10.0.0.0/8, ::1)`);
      }
      return item;
    });
}

function serverLimits(env: Env): ServerLimits {
  const seconds = (name: string, fallback: number): number => {
    const given = integer(env, name, 1, 3600);
    return given === undefined ? fallback : given * 1000;
  };
  const limits: ServerLimits = {
    headersTimeoutMs: seconds('COFFER_HEADERS_TIMEOUT', DEFAULT_SERVER_LIMITS.headersTimeoutMs),
    requestTimeoutMs: seconds('COFFER_REQUEST_TIMEOUT', DEFAULT_SERVER_LIMITS.requestTimeoutMs),
    keepAliveTimeoutMs: seconds('COFFER_KEEP_ALIVE_TIMEOUT', DEFAULT_SERVER_LIMITS.keepAliveTimeoutMs),
    maxConnections: integer(env, 'COFFER_MAX_CONNECTIONS', 1, 1_000_000) ?? DEFAULT_SERVER_LIMITS.maxConnections,
  };
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new ConfigError('COFFER_HEADERS_TIMEOUT must not be longer than COFFER_REQUEST_TIMEOUT (the headers are part of the request)');
  }
  return limits;
}

function boolean(env: Env, name: string): boolean | undefined {
  const raw = value(env, name)?.toLowerCase();
  if (raw === undefined) return undefined;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function s3Config(env: Env): S3Config {
  const endpoint = value(env, 'COFFER_S3_ENDPOINT');
  const bucket = value(env, 'COFFER_S3_BUCKET');
  const region = value(env, 'COFFER_S3_REGION') ?? value(env, 'AWS_REGION');
  const forcePathStyle = boolean(env, 'COFFER_S3_FORCE_PATH_STYLE');
  if (endpoint === undefined && bucket === undefined && value(env, 'COFFER_S3_REGION') === undefined) {
    if (forcePathStyle !== undefined) {
      throw new ConfigError('COFFER_S3_FORCE_PATH_STYLE is set but no S3 is: set COFFER_S3_BUCKET too');
    }
    return { kind: 'none' };
  }
  if (bucket === undefined) {
    throw new ConfigError('COFFER_S3_BUCKET is missing: set it together with COFFER_S3_ENDPOINT or AWS_REGION');
  }
  if (endpoint !== undefined) origin('COFFER_S3_ENDPOINT', endpoint);
  if (region === undefined && endpoint === undefined) {
    throw new ConfigError('COFFER_S3_REGION is missing: set it (or AWS_REGION) for AWS S3, or set COFFER_S3_ENDPOINT');
  }
  return {
    kind: 'external',
    ...(endpoint === undefined ? {} : { endpoint }),
    region: region ?? 'us-east-1',
    bucket,
    forcePathStyle: forcePathStyle ?? endpoint !== undefined,
  };
}

function sseConfig(env: Env): SseConfig {
  const kind = value(env, 'COFFER_SSE') ?? 'none';
  const keyId = value(env, 'COFFER_SSE_KMS_KEY_ID');
  if (kind === 'aws:kms') {
    if (keyId === undefined) throw new ConfigError('COFFER_SSE_KMS_KEY_ID is missing: COFFER_SSE=aws:kms needs a key id');
    return { kind, keyId };
  }
  if (keyId !== undefined) throw new ConfigError('COFFER_SSE_KMS_KEY_ID is set but COFFER_SSE is not aws:kms');
  if (kind === 'none' || kind === 'AES256') return { kind };
  throw new ConfigError(`COFFER_SSE must be none, AES256 or aws:kms, got "${kind}"`);
}

function tokenUsers(env: Env): User[] {
  const raw = value(env, 'COFFER_TOKENS');
  if (raw === undefined) return [];
  return raw.split(',').map((entry) => {
    const colon = entry.indexOf(':');
    const id = entry.slice(0, colon).trim();
    const token = entry.slice(colon + 1).trim();
    if (colon < 0 || !USER_ID_PATTERN.test(id)) {
      throw new ConfigError('COFFER_TOKENS must look like alice:TOKEN,bob:TOKEN (ids: a-z, 0-9, _ and -)');
    }
    if (token.length < MIN_TOKEN_LENGTH) {
      throw new ConfigError(`COFFER_TOKENS: the token of ${id} is shorter than ${MIN_TOKEN_LENGTH} characters`);
    }
    return userFromToken(id, token);
  });
}

function users(env: Env, usersFile: string | undefined): User[] {
  let fromFile: User[] = [];
  if (usersFile !== undefined) {
    try {
      fromFile = readUsersFile(usersFile);
    } catch (error) {
      if (error instanceof UsersFileError) throw new ConfigError(`COFFER_USERS_FILE: ${error.message}`);
      throw error;
    }
  }
  const all = [...tokenUsers(env), ...fromFile];
  // A user may have several tokens (to rotate one: add the new token, move the browsers over, remove the old one);
  // one token in two entries would sign one user in as the other.
  const seen = new Set<string>();
  for (const user of all) {
    if (seen.has(user.tokenSha256)) throw new ConfigError(`a token is given twice in COFFER_TOKENS / COFFER_USERS_FILE (the second time for user "${user.id}")`);
    seen.add(user.tokenSha256);
  }
  return all;
}

function limits(env: Env): Limits {
  const rate = integer(env, 'COFFER_RATE_LIMIT', 0, 1_000_000) ?? DEFAULT_RATE_LIMIT;
  const quotaBytes = integer(env, 'COFFER_QUOTA_BYTES', 1, Number.MAX_SAFE_INTEGER);
  const quotaObjects = integer(env, 'COFFER_QUOTA_OBJECTS', 1, Number.MAX_SAFE_INTEGER);
  return {
    maxObjectSize: integer(env, 'COFFER_MAX_OBJECT_SIZE', 1, MAX_OBJECT_SIZE) ?? MAX_OBJECT_SIZE,
    ...(quotaBytes === undefined ? {} : { quotaBytes }),
    ...(quotaObjects === undefined ? {} : { quotaObjects }),
    ...(rate === 0 ? {} : { rateLimit: rate }),
  };
}

/**
 * Parses the endpoint's configuration from environment variables (see docs/PROTOCOL.md).
 * Throws `ConfigError` with a one-line message naming the first bad or half-given variable.
 */
export function parseConfig(env: Env): Config {
  const port = integer(env, 'PORT', 0, 65535) ?? 8787;
  const publicUrl = origin('COFFER_PUBLIC_URL', value(env, 'COFFER_PUBLIC_URL') ?? `http://127.0.0.1:${port}`);
  const dataDir = resolve(value(env, 'COFFER_DATA_DIR') ?? '.coffer');
  const usersFile = value(env, 'COFFER_USERS_FILE');
  return {
    port,
    host: value(env, 'HOST') ?? '127.0.0.1',
    publicUrl,
    allowedOrigins: allowedOrigins(env, publicUrl),
    trustedProxies: trustedProxies(env),
    server: serverLimits(env),
    dataDir,
    staticDir: resolve(value(env, 'COFFER_STATIC_DIR') ?? 'dist'),
    s3: s3Config(env),
    users: users(env, usersFile === undefined ? undefined : resolve(usersFile)),
    ...(usersFile === undefined ? {} : { usersFile: resolve(usersFile) }),
    presignMaxExpires: integer(env, 'COFFER_PRESIGN_MAX_EXPIRES', 1, MAX_PRESIGN_SECONDS) ?? 900,
    limits: limits(env),
    sse: sseConfig(env),
  };
}
