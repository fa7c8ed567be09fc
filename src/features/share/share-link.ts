/**
 * Share links, as src/format/SPEC.md section 10 defines them: `<origin>/s/<id>#<secret>[.<share name>]`. The fragment
 * carries every secret and never reaches a server. `k1.` carries the file key, `p1.` the file key wrapped under a
 * password, and `d1.` (path id "direct") a pre-signed GET URL followed by one of the other two. An `f1.` part after
 * them is the file's current name sealed under its key (the header keeps the name given at upload).
 */
import { base64urlnopad } from '@scure/base';
import { MAX_SHARE_NAME_LENGTH, PASSWORD_WRAPPED_KEY_LENGTH, SHARE_NAME_VERSION } from '../../format';

/** What opens the file: its key, or its key wrapped under the share password. */
export type ShareSecret = { kind: 'key'; fileKey: Uint8Array } | { kind: 'password'; wrapped: Uint8Array };

/**
 * A parsed link: a share kept by the endpoint (by id), or a direct link carrying its own S3 URL. `name`, when there,
 * is the sealed share name (`f1.…`), opened with the file key once the header has authenticated.
 */
export type ShareLink = ({ kind: 'stored'; id: string } | { kind: 'direct'; url: string }) & { secret: ShareSecret; name?: string };

/** The path id of direct links, which have no record. */
export const DIRECT_ID = 'direct';
const PATH = /^\/s\/([A-Za-z0-9_-]{22}|direct)\/?$/;
const B64 = /^[A-Za-z0-9_-]+$/;

/** A link that cannot be opened, with a message for people. */
export class ShareLinkError extends Error {
  override name = 'ShareLinkError';
}

/** True when the page's path is a share link's (`/s/<id>`). */
export function isSharePath(pathname: string): boolean {
  return pathname.startsWith('/s/');
}

function decode(text: string, length: number | undefined, what: string): Uint8Array {
  if (!B64.test(text)) throw new ShareLinkError(`the link's ${what} is damaged: was it cut off when copied?`);
  let bytes: Uint8Array;
  try {
    bytes = base64urlnopad.decode(text);
  } catch {
    throw new ShareLinkError(`the link's ${what} is damaged: was it cut off when copied?`);
  }
  if (length !== undefined && bytes.length !== length) throw new ShareLinkError(`the link's ${what} is incomplete: was it cut off when copied?`);
  return bytes;
}

function secretText(secret: ShareSecret): string {
  return secret.kind === 'key' ? `k1.${base64urlnopad.encode(secret.fileKey)}` : `p1.${base64urlnopad.encode(secret.wrapped)}`;
}

function parseSecret(parts: string[]): { secret: ShareSecret; name?: string } {
  const [version, body, ...rest] = parts;
  if (body === undefined) throw new ShareLinkError('the link is incomplete: was it cut off when copied?');
  let secret: ShareSecret;
  if (version === 'k1') secret = { kind: 'key', fileKey: decode(body, 32, 'key') };
  else if (version === 'p1') secret = { kind: 'password', wrapped: decode(body, PASSWORD_WRAPPED_KEY_LENGTH, 'key') };
  else throw new ShareLinkError('this link is of a newer kind than this app can open');
  if (rest.length === 0) return { secret };
  const [nameVersion, nameBody, ...more] = rest;
  if (nameVersion !== SHARE_NAME_VERSION) throw new ShareLinkError('this link is of a newer kind than this app can open');
  if (nameBody === undefined || more.length > 0) throw new ShareLinkError('the link is incomplete: was it cut off when copied?');
  const name = `${nameVersion}.${nameBody}`;
  if (!B64.test(nameBody) || name.length > MAX_SHARE_NAME_LENGTH) throw new ShareLinkError("the link's file name is damaged: was it cut off when copied?");
  return { secret, name };
}

function nameText(name: string | undefined): string {
  return name === undefined ? '' : `.${name}`;
}

/** The full link for a share. */
export function formatShareLink(origin: string, link: ShareLink): string {
  if (link.kind === 'stored') return `${origin}/s/${link.id}#${secretText(link.secret)}${nameText(link.name)}`;
  return `${origin}/s/${DIRECT_ID}#d1.${base64urlnopad.encode(new TextEncoder().encode(link.url))}.${secretText(link.secret)}${nameText(link.name)}`;
}

/** Parses the page's path and fragment; throws ShareLinkError with what is wrong. */
export function parseShareLink(pathname: string, hash: string): ShareLink {
  const id = PATH.exec(pathname)?.[1];
  if (id === undefined) throw new ShareLinkError('this is not a Coffer share link');
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  if (fragment === '') throw new ShareLinkError('the link has no key part (after #): was it cut off when copied?');
  const parts = fragment.split('.');
  if (id !== DIRECT_ID) {
    if (parts[0] === 'd1') throw new ShareLinkError('this link is damaged: its kind does not match its address');
    return { kind: 'stored', id, ...parseSecret(parts) };
  }
  if (parts[0] !== 'd1' || parts[1] === undefined) throw new ShareLinkError('this direct link is damaged: was it cut off when copied?');
  const url = new TextDecoder().decode(decode(parts[1], undefined, 'address'));
  if (!/^https?:\/\//.test(url)) throw new ShareLinkError('this direct link is damaged: its address is not a web address');
  return { kind: 'direct', url, ...parseSecret(parts.slice(2)) };
}
