/** `coffer encrypt`: a file to a passphrase or to a vault, in the Coffer format. */
import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { createEncryptor, unlockVault, type Recipient } from '../format';
import { usage } from './cli-error';
import { FILE_COMMAND_OPTIONS, inputAndOutput } from './file-command';
import { inputStat, pipeThrough, readInput, spoolStdin, writeOutput } from './io';
import { readPassphrase, readVaultSettings } from './secrets';

/** One line for `coffer --help`. */
export const summary = 'encrypt a file to a passphrase or to a vault';

/** Full help text. */
export const help = `usage: coffer encrypt <in> -o <out> --passphrase-file <file> [--vault <settings file>]

Encrypts <in> ('-' for stdin) into a Coffer file <out> ('-' for stdout).
  --passphrase-file <file>  the passphrase (one trailing newline is ignored); alone, the file opens with
                            this passphrase (Argon2id, 128 MiB, t=3)
  --vault <settings file>   with --passphrase-file: encrypt to the vault whose settings object this is,
                            unlocked with that passphrase (the file then opens with the vault)
  --name <name>             file name stored in the encrypted metadata (default: the input's name)
  --type <mime>             MIME type stored in the metadata (default: application/octet-stream)
  -f, --force               replace <out> if it exists
Streams with constant memory; <out> appears only when complete. stdin is first copied to a temporary file
(the format stores the size up front).`;

/** Runs the command. */
export async function run(args: string[]): Promise<undefined> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...FILE_COMMAND_OPTIONS,
      name: { type: 'string' },
      type: { type: 'string' },
    },
  });
  const { input, output } = inputAndOutput('encrypt', positionals, values.output);
  if (values['passphrase-file'] === undefined) throw usage('encrypt', 'give --passphrase-file (and optionally --vault)');
  const passphrase = await readPassphrase(values['passphrase-file']);
  const recipient: Recipient =
    values.vault === undefined
      ? { type: 'passphrase', passphrase }
      : { type: 'vault', masterKey: await unlockVault(await readVaultSettings(values.vault), passphrase) };

  const path = input === '-' ? await spoolStdin() : input;
  try {
    const { size, modified } = await inputStat(path);
    const name = values.name ?? (input === '-' ? 'stdin' : basename(input));
    const metadata = { name, type: values.type ?? 'application/octet-stream', size, modified };
    const encryptor = await createEncryptor({ metadata, recipients: [recipient] });
    await writeOutput(output, values.force, (sink) => pipeThrough(readInput(path), encryptor.stream(), sink));
  } finally {
    if (input === '-') await rm(path, { force: true });
  }
}
