/** Reading keys and passphrases from the command line's files and links. */
import { readFile } from 'node:fs/promises';
import {
  fromBase64url,
  inspectPasskeys,
  isFormatError,
  openVault,
  PRF_OUTPUT_LENGTH,
  toBase64url,
  unlockWithPasskey,
  parseShareFragment,
  ShareFragmentError,
  unwrapKeyWithPassword,
  type Identity,
  type ShareSecret,
} from '../format';
import { CliError, failureReason } from './cli-error';

/** A passphrase file's content without one trailing newline (LF or CR LF). */
export async function readPassphrase(path: string): Promise<string> {
  const text = await readFile(path, 'utf8').catch((e: unknown) => {
    throw new CliError(`cannot read passphrase file ${path}: ${failureReason(e)}`);
  });
  const passphrase = text.replace(/\r?\n$/, '');
  if (passphrase === '') throw new CliError(`passphrase file ${path} is empty`);
  return passphrase;
}

/**
 * A 32-byte file key given as canonical base64url (43 characters, the format's decoder: no padding, unused bits
 * zero) or hex (64 characters).
 */
export function parseFileKey(text: string): Uint8Array {
  const trimmed = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed) ? new Uint8Array(Buffer.from(trimmed, 'hex')) : fromBase64url(trimmed);
  if (bytes?.length !== 32) throw new CliError('a file key is 32 bytes: 43 base64url characters or 64 hex digits');
  return bytes;
}

/**
 * What a share link's fragment holds (src/format/SPEC.md section 10, parsed by the format as the app parses it):
 * `k1.<file key>`, `p1.<password-wrapped key>`, or `d1.<URL>.` followed by one of those, then maybe
 * `.f1.<sealed file name>`; a bare 43-character base64url file key is the older passwordless form.
 */
export type LinkSecret = ShareSecret;

/** Parses a share link `<origin>/s/<id>#<secret>` into the secret it carries. */
export function parseShareLink(link: string): LinkSecret {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new CliError('--link: not a URL');
  }
  if (!/\/s\/[^/]+\/?$/.test(url.pathname)) throw new CliError('--link: not a Coffer share link (<origin>/s/<id>#<key>)');
  const fragment = url.hash.slice(1);
  if (fragment === '') throw new CliError('--link: the link has no #key part (was it cut off when copied?)');
  if (/^[A-Za-z0-9_-]{43}$/.test(fragment)) {
    const fileKey = fromBase64url(fragment);
    if (fileKey === undefined) throw new CliError("--link: the link's key is damaged or cut off");
    return { kind: 'key', fileKey };
  }
  try {
    // The sealed file name (`f1.<…>`) is checked but not opened: the CLI shows no name, it needs only the key.
    return parseShareFragment(fragment).secret;
  } catch (error) {
    if (!(error instanceof ShareFragmentError)) throw error;
    if (error.code === 'unsupported-version') throw new CliError('--link: this share link is of a newer kind; this version of coffer cannot open it');
    throw new CliError(`--link: the ${error.part === 'link' ? 'key part of the link' : `link's ${error.part}`} is damaged or cut off`);
  }
}

async function linkFileKey(link: string, passwordFile: string | undefined): Promise<Uint8Array> {
  const secret = parseShareLink(link);
  if (secret.kind === 'key') return secret.fileKey;
  if (passwordFile === undefined) throw new CliError('--link: this link is password-protected: give the password in --passphrase-file');
  try {
    return await unwrapKeyWithPassword(secret.wrapped, await readPassphrase(passwordFile));
  } catch (error) {
    if (isFormatError(error, 'wrong-key')) throw new CliError('--link: wrong password for this link');
    throw error;
  }
}

/** Flags that name what opens a file. */
export interface IdentityFlags {
  'passphrase-file'?: string;
  vault?: string;
  key?: string;
  link?: string;
  passkeys?: string;
  'prf-output'?: string;
  credential?: string;
}

/** The one identity the flags describe: a passphrase, a vault (settings + passphrase), a file key or a link. */
export async function identityFrom(flags: IdentityFlags, usageError: (m: string) => Error): Promise<Identity> {
  if (flags.link !== undefined && flags.key === undefined && flags.vault === undefined) {
    return { type: 'file-key', fileKey: await linkFileKey(flags.link, flags['passphrase-file']) };
  }
  const chosen = [flags.vault ?? flags['passphrase-file'], flags.key, flags.link].filter((v) => v !== undefined);
  if (chosen.length !== 1) throw usageError('give exactly one of --passphrase-file, --vault with --passphrase-file, --key or --link');
  if (flags.key !== undefined) return { type: 'file-key', fileKey: parseFileKey(flags.key) };
  const passkey = [flags.passkeys, flags['prf-output'], flags.credential];
  if (passkey.some((v) => v !== undefined)) {
    if (flags.vault === undefined || flags.passkeys === undefined || flags['prf-output'] === undefined) throw usageError('--passkeys needs --vault and --prf-output');
    if (flags['passphrase-file'] !== undefined) throw usageError('give --passphrase-file or --passkeys with --prf-output, not both');
    return passkeyIdentity(flags.vault, flags.passkeys, flags['prf-output'], flags.credential);
  }
  const passphraseFile = flags['passphrase-file'];
  if (passphraseFile === undefined) throw usageError('--vault needs --passphrase-file');
  const passphrase = await readPassphrase(passphraseFile);
  if (flags.vault === undefined) return { type: 'passphrase', passphrase };
  // Settings of version 1 or 2; during an unfinished key rotation they also give the previous master key, which files
  // not yet re-wrapped still need (format SPEC section 6.2).
  const { masterKey, previousMasterKey } = await openVault(await readVaultSettings(flags.vault), passphrase);
  return previousMasterKey === undefined ? { type: 'vault', masterKey } : { type: 'vault', masterKey, previousMasterKey };
}

/** A 32-byte PRF output given as 64 hex digits. */
export function parsePrfOutput(text: string): Uint8Array {
  const trimmed = text.trim();
  if (!new RegExp(`^[0-9a-fA-F]{${2 * PRF_OUTPUT_LENGTH}}$`).test(trimmed)) throw new CliError(`--prf-output: a PRF output is ${PRF_OUTPUT_LENGTH} bytes: ${2 * PRF_OUTPUT_LENGTH} hex digits`);
  return new Uint8Array(Buffer.from(trimmed, 'hex'));
}

/**
 * The credential of the passkey object to open: the one given (its id in base64url or hex, or its name), or the only
 * one listed. Several and none given: the error lists them.
 */
function chooseCredential(passkeys: { credentialId: Uint8Array; name: string }[], wanted: string | undefined): Uint8Array {
  const listed = passkeys.map((p) => `${JSON.stringify(p.name)} (${toBase64url(p.credentialId)})`).join(', ');
  if (wanted === undefined) {
    if (passkeys.length === 1 && passkeys[0]) return passkeys[0].credentialId;
    throw new CliError(`--passkeys lists ${passkeys.length} passkeys: choose one with --credential <id or name>: ${listed}`);
  }
  const found = passkeys.find((p) => p.name === wanted || toBase64url(p.credentialId) === wanted || Buffer.from(p.credentialId).toString('hex') === wanted.toLowerCase());
  if (!found) throw new CliError(`--credential: no passkey ${JSON.stringify(wanted)} in the list: ${listed}`);
  return found.credentialId;
}

/** A vault identity from the passkey object and one passkey's PRF output (format SPEC section 14). */
async function passkeyIdentity(vaultPath: string, passkeysPath: string, prfHex: string, credential: string | undefined): Promise<Identity> {
  const prfOutput = parsePrfOutput(prfHex);
  const settings = await readVaultSettings(vaultPath);
  const object = new Uint8Array(
    await readFile(passkeysPath).catch((e: unknown) => {
      throw new CliError(`cannot read passkeys ${passkeysPath}: ${failureReason(e)}`);
    }),
  );
  const credentialId = chooseCredential(inspectPasskeys(object).passkeys, credential);
  const { masterKey, previousMasterKey } = await unlockWithPasskey(settings, object, credentialId, prfOutput);
  prfOutput.fill(0);
  return previousMasterKey === undefined ? { type: 'vault', masterKey } : { type: 'vault', masterKey, previousMasterKey };
}

/** The bytes of a vault settings file. */
export async function readVaultSettings(path: string): Promise<Uint8Array> {
  return new Uint8Array(
    await readFile(path).catch((e: unknown) => {
      throw new CliError(`cannot read vault settings ${path}: ${failureReason(e)}`);
    }),
  );
}
