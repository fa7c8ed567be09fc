/**
 * Share links, as src/format/SPEC.md section 10 defines them: `<origin>/s/<id>#<secret>`. The fragment carries every
 * secret and never reaches a server. `k1.` carries the file key, `p1.` the file key wrapped under a password, and
 * `d1.` (path id "direct") a pre-signed GET URL followed by one of the other two.
 */
import { base64urlnopad } from '@scure/base';
import { PASSWORD_WRAPPED_KEY_LENGTH } from '../../format';

/** What opens the file: its key, or its key wrapped under the share password. */
export type ShareSecret = { kind: 'key'; fileKey: Uint8Array } | { kind: 'password'; wrapped: Uint8Array };

/** A parsed link: a share kept by the endpoint (by id), or a direct link carrying its own S3 URL. */
export type ShareLink = { kind: 'stored'; id: string; secret: ShareSecret } | { kind: 'direct'; url: string; secret: ShareSecret };

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

function parseSecret(parts: string[]): ShareSecret {
  const [version, body, ...rest] = parts;
  if (body === undefined || rest.length > 0) throw new ShareLinkError('the link is incomplete: was it cut off when copied?');
  if (version === 'k1') return { kind: 'key', fileKey: decode(body, 32, 'key') };
  if (version === 'p1') return { kind: 'password', wrapped: decode(body, PASSWORD_WRAPPED_KEY_LENGTH, 'key') };
  throw new ShareLinkError('this link is of a newer kind than this app can open');
}

/** The full link for a share. */
export function formatShareLink(origin: string, link: ShareLink): string {
  if (link.kind === 'stored') return `${origin}/s/${link.id}#${secretText(link.secret)}`;
  return `${origin}/s/${DIRECT_ID}#d1.${base64urlnopad.encode(new TextEncoder().encode(link.url))}.${secretText(link.secret)}`;
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
    return { kind: 'stored', id, secret: parseSecret(parts) };
  }
  if (parts[0] !== 'd1' || parts[1] === undefined) throw new ShareLinkError('this direct link is damaged: was it cut off when copied?');
  const url = new TextDecoder().decode(decode(parts[1], undefined, 'address'));
  if (!/^https?:\/\//.test(url)) throw new ShareLinkError('this direct link is damaged: its address is not a web address');
  return { kind: 'direct', url, secret: parseSecret(parts.slice(2)) };
}
