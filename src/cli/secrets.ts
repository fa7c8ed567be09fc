/** Reading keys and passphrases from the command line's files and links. */
import { readFile } from 'node:fs/promises';
import { unlockVault, type Identity } from '../format';
import { CliError } from './cli-error';

/** A passphrase file's content without one trailing newline (LF or CR LF). */
export async function readPassphrase(path: string): Promise<string> {
  const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read passphrase file ${path}: ${e.code ?? String(e)}`);
  });
  const passphrase = text.replace(/\r?\n$/, '');
  if (passphrase === '') throw new CliError(`passphrase file ${path} is empty`);
  return passphrase;
}

/** A 32-byte file key given as base64url (43 characters) or hex (64 characters). */
export function parseFileKey(text: string): Uint8Array {
  const trimmed = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : /^[A-Za-z0-9_-]{43}$/.test(trimmed)
      ? Buffer.from(trimmed, 'base64url')
      : undefined;
  if (bytes?.length !== 32) throw new CliError('a file key is 32 bytes: 43 base64url characters or 64 hex digits');
  return new Uint8Array(bytes);
}

/**
 * The file key of a passwordless share link `<origin>/s/<id>#<key>`, whose fragment is the base64url file key.
 * Password-protected links (anything else in the fragment) are not supported by this version.
 */
export function parseShareLink(link: string): Uint8Array {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new CliError('--link: not a URL');
  }
  if (!/\/s\/[^/]+\/?$/.test(url.pathname)) throw new CliError('--link: not a Coffer share link (<origin>/s/<id>#<key>)');
  const fragment = url.hash.slice(1);
  if (fragment === '') throw new CliError('--link: the link has no #key part (was it cut off when copied?)');
  if (!/^[A-Za-z0-9_-]{43}$/.test(fragment)) {
    throw new CliError('--link: this share link is password-protected or of a newer kind; this version of coffer cannot open it');
  }
  return parseFileKey(fragment);
}

/** Flags that name what opens a file. */
export interface IdentityFlags {
  'passphrase-file'?: string;
  vault?: string;
  key?: string;
  link?: string;
}

/** The one identity the flags describe: a passphrase, a vault (settings + passphrase), a file key or a link. */
export async function identityFrom(flags: IdentityFlags, usageError: (m: string) => Error): Promise<Identity> {
  const chosen = [flags.vault ?? flags['passphrase-file'], flags.key, flags.link].filter((v) => v !== undefined);
  if (chosen.length !== 1) throw usageError('give exactly one of --passphrase-file, --vault with --passphrase-file, --key or --link');
  if (flags.key !== undefined) return { type: 'file-key', fileKey: parseFileKey(flags.key) };
  if (flags.link !== undefined) return { type: 'file-key', fileKey: parseShareLink(flags.link) };
  const passphraseFile = flags['passphrase-file'];
  if (passphraseFile === undefined) throw usageError('--vault needs --passphrase-file');
  const passphrase = await readPassphrase(passphraseFile);
  if (flags.vault === undefined) return { type: 'passphrase', passphrase };
  return { type: 'vault', masterKey: await unlockVault(await readVaultSettings(flags.vault), passphrase) };
}

/** The bytes of a vault settings file. */
export async function readVaultSettings(path: string): Promise<Uint8Array> {
  return new Uint8Array(
    await readFile(path).catch((e: NodeJS.ErrnoException) => {
      throw new CliError(`cannot read vault settings ${path}: ${e.code ?? String(e)}`);
    }),
  );
}
