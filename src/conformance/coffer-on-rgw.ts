/**
 * Coffer's endpoint (the real `createApp` over the real S3 storage) in front of a running RGW, for conformance
 * tests that get their URLs the way the browser does: from /v1/presign and /v1/multipart/* with a user's token.
 */
import { createApp } from '../server/app.ts';
import { silentLogger } from '../server/logger.ts';
import { createS3Client, createS3Storage } from '../server/s3-storage.ts';
import { createUserStore, userFromToken } from '../server/users.ts';
import { MAX_OBJECT_SIZE } from '../protocol/index.ts';
import type { CopyLimits } from '../server/s3-copy.ts';
import { afterAll, beforeAll } from 'vitest';
import { startRgw, type RgwInstance, type S3Target } from '../dev/rgw/index.ts';

/** The app origin the endpoint (and the bucket's CORS rule, when the test sets it so) allows. */
export const APP_ORIGIN = 'http://app.coffer.test:5173';

/** Users of the endpoint and their tokens. */
export const TOKENS = { alice: 'alice-conformance-token-0001', bob: 'bob-conformance-token-00002' } as const;

/** An endpoint answer: status, parsed JSON body and headers. */
export interface ApiAnswer<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** A Coffer endpoint over `target`. */
export interface CofferOnRgw {
  /** Calls a route as `user` (GET without `body`, POST with it). */
  call<T = Record<string, unknown>>(user: keyof typeof TOKENS, path: string, body?: unknown): Promise<ApiAnswer<T>>;
  /** Posts `body` to a file request's guest route, /v1/public/requests/`path`, without a token. */
  guestPost<T = Record<string, unknown>>(path: string, body: unknown): Promise<Pick<ApiAnswer<T>, 'status' | 'body'>>;
  /** Sends a raw request to the endpoint (e.g. a CORS preflight). */
  request(path: string, init: RequestInit): Promise<Response>;
  close(): void;
}

/**
 * Starts Coffer's endpoint in front of `target`. `secretAccessKey` overrides the signing secret (a forger's
 * endpoint); `clock` sets the endpoint's time (to sign URLs that are already expired); `copyLimits` lowers where
 * server-side copies switch to multipart (to exercise UploadPartCopy without 5 GiB objects); `quota` sets a per-user
 * quota of bytes and objects.
 */
export function cofferOnRgw(
  target: S3Target,
  opts: { secretAccessKey?: string; clock?: () => number; copyLimits?: CopyLimits; quota?: { bytes?: number; objects?: number } } = {},
): CofferOnRgw {
  const client = createS3Client({
    endpoint: target.endpoint,
    region: target.region,
    forcePathStyle: true,
    credentials: { accessKeyId: target.accessKeyId, secretAccessKey: opts.secretAccessKey ?? target.secretAccessKey },
  });
  const app = createApp({
    config: {
      allowedOrigins: [APP_ORIGIN],
      presignMaxExpires: 900,
      limits: {
        maxObjectSize: MAX_OBJECT_SIZE,
        ...(opts.quota?.bytes === undefined ? {} : { quotaBytes: opts.quota.bytes }),
        ...(opts.quota?.objects === undefined ? {} : { quotaObjects: opts.quota.objects }),
      },
    },
    storage: createS3Storage({ client, bucket: target.bucket, ...(opts.copyLimits ? { copyLimits: opts.copyLimits } : {}) }),
    users: createUserStore(Object.entries(TOKENS).map(([id, token]) => userFromToken(id, token))),
    logger: silentLogger,
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  const request = async (path: string, init: RequestInit) => app.request(path, init);
  return {
    request,
    async call<T>(user: keyof typeof TOKENS, path: string, body?: unknown): Promise<ApiAnswer<T>> {
      const response = await request(path, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${TOKENS[user]}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as T, headers: response.headers };
    },
    async guestPost<T>(path: string, body: unknown): Promise<Pick<ApiAnswer<T>, 'status' | 'body'>> {
      const response = await request(`/v1/public/requests/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as T };
    },
    close: () => client.destroy(),
  };
}

/**
 * For a test file: starts a throwaway RGW (CORS for APP_ORIGIN) with Coffer's endpoint in front before its tests,
 * hands both to `ready`, and stops them after.
 */
export function withCofferOnRgw(ready: (rgw: RgwInstance, coffer: CofferOnRgw) => void): void {
  let rgw: RgwInstance | undefined;
  let coffer: CofferOnRgw | undefined;
  beforeAll(async () => {
    rgw = await startRgw({ allowedOrigins: [APP_ORIGIN] });
    coffer = cofferOnRgw(rgw);
    ready(rgw, coffer);
  }, 90_000);
  afterAll(async () => {
    coffer?.close();
    await rgw?.stop();
  }, 30_000);
}
