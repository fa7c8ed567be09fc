import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A user of the endpoint: an id (also their storage prefix) and the SHA-256 of their token. */
export interface User {
  id: string;
  /** Lower-case hex SHA-256 of the bearer token; the token itself is never stored. */
  tokenSha256: string;
}

/**
 * User ids become S3 prefixes (`users/<id>/`), so they are kept to a safe alphabet. They show in the signed URLs that
 * share recipients and file-request guests get: operators who must not reveal them choose opaque ids (docs/PROTOCOL.md).
 */
export const USER_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Shortest token accepted from configuration: anything shorter is guessable. */
export const MIN_TOKEN_LENGTH = 16;

/** Lower-case hex SHA-256 of a bearer token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A fresh random token: 32 bytes, base64url (43 characters). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A user whose token is `token`; only its hash is kept. */
export function userFromToken(id: string, token: string): User {
  return { id, tokenSha256: hashToken(token) };
}

/** Finds the user a bearer token belongs to. */
export interface UserStore {
  /** The user whose token this is, or `undefined`. */
  authenticate(token: string): User | undefined;
}

/**
 * A user store over a fixed list. Every stored hash is compared in constant time, and the
 * loop never stops early, so timing tells nothing about which hash (if any) matched.
 */
export function createUserStore(users: readonly User[]): UserStore {
  const entries = users.map((user) => ({ user, hash: Buffer.from(user.tokenSha256, 'hex') }));
  return {
    authenticate(token) {
      const presented = createHash('sha256').update(token, 'utf8').digest();
      let found: User | undefined;
      for (const entry of entries) {
        if (timingSafeEqual(presented, entry.hash) && found === undefined) found = entry.user;
      }
      return found;
    },
  };
}
