import type { ClientAddressOf } from './client-address.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { Storage } from './storage.ts';
import type { UploadPlans } from './upload-plans.ts';
import type { UsageStore } from './usage.ts';
import type { User, UserStore } from './users.ts';

/** The part of the configuration the app itself reads. */
export type AppConfig = Pick<Config, 'allowedOrigins' | 'presignMaxExpires' | 'limits'> & Partial<Pick<Config, 'trustedProxies'>>;

/** The limiters of the public routes (no token): per share / request id, and per client address. */
export interface PublicRateLimiters {
  byId: RateLimiter;
  byAddress: RateLimiter;
}

/** What `createApp` is built from. Optional parts get defaults derived from `config`. */
export interface AppDeps {
  config: AppConfig;
  storage: Storage;
  users: UserStore;
  /** Milliseconds since the epoch; `Date.now` by default. */
  clock?: () => number;
  logger?: Logger;
  /** Per-token limiter; by default one from `config.limits.rateLimit` (none when unset). */
  rateLimiter?: RateLimiter;
  /** The public routes' limiters; by default two from `config.limits.rateLimit` (none when unset). */
  publicRateLimiters?: PublicRateLimiters;
  /** Finds a request's client address; by default from the connection, and X-Forwarded-For of `config.trustedProxies`. */
  clientAddress?: ClientAddressOf;
  /** The plans of multipart uploads in progress; by default kept in `storage`. */
  plans?: UploadPlans;
  /** Usage for quotas; by default listed from `storage`, with reservations from `plans`. */
  usage?: UsageStore;
}

/** `AppDeps` with every default filled in, as the routes see them. */
export interface RouteDeps extends Required<Omit<AppDeps, 'rateLimiter' | 'publicRateLimiters'>> {
  rateLimiter: RateLimiter | undefined;
  publicRateLimiters: PublicRateLimiters | undefined;
}

/** Hono's environment for Coffer's routes: the authenticated user, once auth has run. */
export interface AppEnv {
  Variables: { user: User };
}

/** The S3 prefix of a user's space. Every key a user names is mapped under it. */
export function userPrefix(user: Pick<User, 'id'>): string {
  return `users/${user.id}/`;
}
