/** What the file commands (encrypt, decrypt) share: their common options and their one input and output. */
import { usage } from './cli-error';

/** The options every file command (encrypt, decrypt) takes, for node:util parseArgs. */
export const FILE_COMMAND_OPTIONS = {
  output: { type: 'string', short: 'o' },
  'passphrase-file': { type: 'string' },
  vault: { type: 'string' },
  force: { type: 'boolean', short: 'f', default: false },
} as const;

/** A file command's one input and its -o output, or a usage mistake. */
export function inputAndOutput(command: string, positionals: string[], output: string | undefined): { input: string; output: string } {
  const [input, ...extra] = positionals;
  if (input === undefined || extra.length > 0) throw usage(command, 'give exactly one input file');
  if (output === undefined) throw usage(command, 'give an output with -o <out>');
  return { input, output };
}
