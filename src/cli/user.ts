/** `coffer user`: user management for the endpoint; `user add` lives in user-add.ts. */
import { usage } from './cli-error';
import { runUserAdd } from './user-add';

/** One line for `coffer --help`. */
export const summary = "manage the endpoint's users (user add <name>)";

/** Full help text. */
export const help = 'usage: coffer user add <name> [--file <users.json>] [--replace]\n\nMakes a token for a new user and prints it once.';

/** Runs the command; returns the exit status of the subcommand. */
export function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'add') return Promise.reject(usage('user', sub === undefined ? 'give a subcommand: add' : `unknown subcommand '${sub}'`));
  return Promise.resolve(runUserAdd(rest, process.env, { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) }));
}
