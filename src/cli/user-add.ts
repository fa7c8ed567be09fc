/**
 * `coffer user add <name> [--file <path>] [--replace]`: makes a new random token for a user,
 * prints it once on stdout, and stores only its SHA-256 in the users file the endpoint reads
 * (COFFER_USERS_FILE). The running endpoint picks up the file on its next start.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readUsersFile, writeUsersFile } from '../server/users-file.ts';
import { newToken, USER_ID_PATTERN, userFromToken } from '../server/users.ts';

/** Where the command writes: the token to `stdout`, guidance to `stderr`. */
export interface CliOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

const USAGE = 'usage: coffer user add <name> [--file <users.json>] [--replace]';

/** The users file to use: --file, else COFFER_USERS_FILE, else users.json in the data folder. */
function usersFilePath(flag: string | undefined, env: Record<string, string | undefined>): string {
  if (flag !== undefined) return resolve(flag);
  if (env.COFFER_USERS_FILE) return resolve(env.COFFER_USERS_FILE);
  return resolve(join(env.COFFER_DATA_DIR || '.coffer', 'users.json'));
}

/**
 * Runs `user add` with the arguments after `user add`; returns the exit code. Refuses a name
 * that exists unless `--replace` (which revokes the old token).
 */
export function runUserAdd(args: readonly string[], env: Record<string, string | undefined>, out: CliOutput): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { file: { type: 'string' }, replace: { type: 'boolean', default: false } },
    });
  } catch (error) {
    out.stderr(`coffer: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const [name, ...extra] = parsed.positionals;
  if (name === undefined || extra.length > 0) {
    out.stderr(`${USAGE}\n`);
    return 2;
  }
  if (!USER_ID_PATTERN.test(name)) {
    out.stderr('coffer: user names are 1-64 of a-z, 0-9, _ and -, starting with a letter or digit\n');
    return 2;
  }
  const path = usersFilePath(parsed.values.file, env);
  try {
    const users = readUsersFile(path, true);
    const existing = users.some((user) => user.id === name);
    if (existing && !parsed.values.replace) {
      out.stderr(`coffer: user ${name} already exists in ${path}: pass --replace to issue a new token\n`);
      return 1;
    }
    const token = newToken();
    writeUsersFile(path, [...users.filter((user) => user.id !== name), userFromToken(name, token)]);
    out.stdout(`${token}\n`);
    out.stderr(
      `coffer: ${existing ? 'replaced the token of' : 'added'} ${name} in ${path}. The token above is shown only once.\n` +
        `coffer: the endpoint reads this file when started with COFFER_USERS_FILE=${path}\n`,
    );
    return 0;
  } catch (error) {
    out.stderr(`coffer: ${(error as Error).message}\n`);
    return 1;
  }
}
