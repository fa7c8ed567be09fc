import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { Storage } from './storage.ts';
import type { UsageStore } from './usage.ts';
import type { User, UserStore } from './users.ts';

/** The part of the configuration the app itself reads. */
export type AppConfig = Pick<Config, 'allowedOrigins' | 'presignMaxExpires' | 'limits'>;

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
  /** Usage for quotas; by default listed from `storage`. */
  usage?: UsageStore;
}

/** `AppDeps` with every default filled in, as the routes see them. */
export interface RouteDeps extends Required<Omit<AppDeps, 'rateLimiter'>> {
  rateLimiter: RateLimiter | undefined;
}

/** Hono's environment for Coffer's routes: the authenticated user, once auth has run. */
export interface AppEnv {
  Variables: { user: User };
}

/** The S3 prefix of a user's space. Every key a user names is mapped under it. */
export function userPrefix(user: Pick<User, 'id'>): string {
  return `users/${user.id}/`;
}
