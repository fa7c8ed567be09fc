/** The `coffer` command: dispatches to one module per subcommand and turns every failure into one line. */
import { FormatError } from '../format';
import { CliError } from './cli-error';

/** What every subcommand module exports. */
export interface Command {
  summary: string;
  help: string;
  /** Resolves to an exit status, or to undefined for 0; throws for failures. */
  run(args: string[]): Promise<number | undefined>;
}

/** The subcommands. Adding one is one line: its name and a lazy import of its module. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  encrypt: () => import('./encrypt'),
  decrypt: () => import('./decrypt'),
  user: () => import('./user'),
};

async function overview(): Promise<string> {
  const lines = await Promise.all(Object.entries(COMMANDS).map(async ([name, load]) => `  ${name.padEnd(9)} ${(await load()).summary}`));
  return `usage: coffer <command> [options]   (coffer <command> --help for more)\n\ncommands:\n${lines.join('\n')}\n\nRecovers and makes Coffer files without the app; the format is specified in src/format/SPEC.md.`;
}

function oneLine(e: unknown): string {
  if (e instanceof CliError || e instanceof FormatError) return e.message;
  if (e instanceof Error && 'code' in e && e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return e.message.split('\n')[0] ?? e.message;
  if (e instanceof Error && 'code' in e && typeof e.code === 'string') return `${e.code}: ${e.message.split('\n')[0] ?? ''}`;
  return `unexpected error: ${e instanceof Error ? e.message : String(e)}`;
}

/** Runs the CLI with `argv` (without node and script); returns the exit status. */
export async function main(argv: string[], out: (text: string) => void = (t) => process.stdout.write(`${t}\n`), err: (text: string) => void = (t) => process.stderr.write(`${t}\n`)): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const target = args[0] !== undefined ? COMMANDS[args[0]] : undefined;
    out(target ? (await target()).help : await overview());
    return name === undefined ? 2 : 0;
  }
  const load = COMMANDS[name];
  if (load === undefined) {
    err(`coffer: unknown command '${name}' (see: coffer --help)`);
    return 2;
  }
  const command = await load();
  if (args.includes('--help') || args.includes('-h')) {
    out(command.help);
    return 0;
  }
  try {
    return (await command.run(args)) ?? 0;
  } catch (e) {
    err(`coffer ${name}: ${oneLine(e)}`);
    const usageError = e instanceof Error && 'code' in e && typeof e.code === 'string' && e.code.startsWith('ERR_PARSE_ARGS');
    return e instanceof CliError ? e.exitCode : usageError ? 2 : 1;
  }
}
