import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { USER_ID_PATTERN, type User } from './users.ts';

const usersFileSchema = z.strictObject({
  users: z.array(
    z.strictObject({
      id: z.string().regex(USER_ID_PATTERN, 'user ids are a-z, 0-9, _ and -, starting with a letter or digit'),
      tokenSha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'),
    }),
  ),
});

/** Why a users file could not be used; the message is one line. */
export class UsersFileError extends Error {
  override name = 'UsersFileError';
}

/**
 * Reads a users file (`{"users":[{"id","tokenSha256"}]}`). A missing file reads as no users
 * only when `missingOk` is set (the `user add` command creates it).
 */
export function readUsersFile(path: string, missingOk = false): User[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (missingOk && (error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new UsersFileError(`cannot read ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsersFileError(`${path} is not valid JSON`);
  }
  const parsed = usersFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsersFileError(`${path}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data.users;
}

/** Writes the users file atomically (temp file + rename), readable by its owner only. */
export function writeUsersFile(path: string, users: readonly User[]): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ users }, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, path);
}
