/** `coffer decrypt`: recovers a file from a Coffer object, with no app and no server. */
import { parseArgs } from 'node:util';
import { decryptStream } from '../format';
import { usage } from './cli-error';
import { FILE_COMMAND_OPTIONS, inputAndOutput } from './file-command';
import { pipeThrough, readInput, writeOutput } from './io';
import { identityFrom } from './secrets';

/** One line for `coffer --help`. */
export const summary = 'decrypt a Coffer file with a passphrase, the vault, a file key or a share link';

/** Full help text. */
export const help = `usage: coffer decrypt <in> -o <out> (--passphrase-file <file> | --vault <settings file> --passphrase-file <file>
                                    | --vault <settings file> --passkeys <file> --prf-output <hex> [--credential <id>]
                                    | --key <file key> | --link <share URL> [--passphrase-file <file>])

Decrypts the Coffer file <in> ('-' for stdin) into <out> ('-' for stdout).
  --passphrase-file <file>  a file encrypted to a passphrase (one trailing newline is ignored)
  --vault <settings file>   a file of a vault: the vault's settings object (vault/settings.coffer in the
                            bucket), unlocked with the passphrase in --passphrase-file; settings exported
                            during an unfinished key rotation open files under the new and the previous key
  --passkeys <file>         with --vault, instead of the passphrase: the vault's passkey object
                            (vault/passkeys.coffer in the bucket), opened with --prf-output
  --prf-output <hex>        the 32-byte WebAuthn PRF output of one registered passkey for its salt, as
                            64 hex digits (for tests and other implementations: SPEC section 14)
  --credential <id>         which passkey the PRF output is of (credential id in base64url or hex, or
                            its name); needed when the object lists several
  --key <file key>          the file's own 32-byte key, base64url or hex
  --link <share URL>        a share link <origin>/s/<id>#<secret>: the key is taken from the link (with
                            --passphrase-file holding the password of a password-protected link);
                            download the object yourself (this command does not fetch)
  -f, --force               replace <out> if it exists
Every byte is authenticated. <out> is written to a temporary file and renamed only after the whole file
authenticated; on any failure it does not exist and the exit status is 1. With -o -, plaintext is written as
each 512 KiB chunk authenticates, and a failure (exit 1) means the output is incomplete: discard it.`;

/** Runs the command. */
export async function run(args: string[]): Promise<undefined> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...FILE_COMMAND_OPTIONS,
      key: { type: 'string' },
      link: { type: 'string' },
      passkeys: { type: 'string' },
      'prf-output': { type: 'string' },
      credential: { type: 'string' },
    },
  });
  const { input, output } = inputAndOutput('decrypt', positionals, values.output);
  const identity = await identityFrom(values, (m) => usage('decrypt', m));
  await writeOutput(output, values.force, (sink) => pipeThrough(readInput(input), decryptStream(identity), sink));
}
