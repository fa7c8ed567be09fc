/** Errors the CLI reports as one line: usage mistakes exit 2, failures exit 1. */

/** A failure with a message meant for the user, as is. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    /** 2 for a usage mistake (wrong flags), 1 for anything else. */
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

/** A usage mistake: prints the reason and where to find help. */
export function usage(command: string, message: string): CliError {
  return new CliError(`${message} (see: coffer ${command} --help)`, 2);
}

/** Why a file operation failed, in one word when the system gave one (ENOENT, EACCES, ...). */
export function failureReason(error: unknown): string {
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  return code ?? String(error);
}
