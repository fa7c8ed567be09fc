/**
 * Share links, as src/format/SPEC.md section 10 defines them: `<origin>/s/<id>#<secret>[.<share name>]`. The fragment
 * carries every secret and never reaches a server. `k1.` carries the file key, `p1.` the file key wrapped under a
 * password, and `d1.` (path id "direct") a pre-signed GET URL followed by one of the other two. An `f1.` part after
 * them is the file's current name sealed under its key (the header keeps the name given at upload).
 */
import { base64urlnopad } from '@scure/base';
import { parseShareFragment, ShareFragmentError, type ShareSecret } from '../../format';

/** What opens the file: its key, or its key wrapped under the share password (format/share-fragment.ts). */
export type { ShareSecret } from '../../format';

/**
 * A parsed link: a share kept by the endpoint (by id), or a direct link carrying its own S3 URL. `name`, when there,
 * is the sealed share name (`f1.…`), opened with the file key once the header has authenticated.
 */
export type ShareLink = ({ kind: 'stored'; id: string } | { kind: 'direct'; url: string }) & { secret: ShareSecret; name?: string };

/** The path id of direct links, which have no record. */
export const DIRECT_ID = 'direct';
const PATH = /^\/s\/([A-Za-z0-9_-]{22}|direct)\/?$/;

/**
 * A link that cannot be opened: `changed` (cut short, or a part of it changed: the recipient is told so, in one
 * sentence) or `newer` (made by a newer Coffer). `message` says what exactly is wrong, for tests and the console.
 */
export class ShareLinkError extends Error {
  override name = 'ShareLinkError';
  constructor(
    message: string,
    readonly reason: 'changed' | 'newer' = 'changed',
  ) {
    super(message);
  }
}

/** True when the page's path is a share link's (`/s/<id>`). */
export function isSharePath(pathname: string): boolean {
  return pathname.startsWith('/s/');
}

function secretText(secret: ShareSecret): string {
  return secret.kind === 'key' ? `k1.${base64urlnopad.encode(secret.fileKey)}` : `p1.${base64urlnopad.encode(secret.wrapped)}`;
}

/** What people are told about a fragment the format refuses (format/share-fragment.ts). */
function linkError(error: ShareFragmentError): ShareLinkError {
  if (error.code === 'unsupported-version') return new ShareLinkError('this link is of a newer kind than this app can open', 'newer');
  if (error.part === 'link') return new ShareLinkError('the link is incomplete: was it cut off when copied?');
  const what = error.code === 'truncated' ? 'incomplete' : 'damaged';
  return new ShareLinkError(`the link's ${error.part} is ${what}: was it cut off when copied?`);
}

function parseFragment(fragment: string) {
  try {
    return parseShareFragment(fragment);
  } catch (error) {
    throw error instanceof ShareFragmentError ? linkError(error) : error;
  }
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
  const direct = fragment.split('.', 1)[0] === 'd1';
  if (id !== DIRECT_ID && direct) throw new ShareLinkError('this link is damaged: its kind does not match its address');
  if (id === DIRECT_ID && !direct) throw new ShareLinkError('this direct link is damaged: was it cut off when copied?');
  const { secret, url, name } = parseFragment(fragment);
  const named = name === undefined ? {} : { name };
  if (url === undefined) return { kind: 'stored', id, secret, ...named };
  if (!/^https?:\/\//.test(url)) throw new ShareLinkError('this direct link is damaged: its address is not a web address');
  return { kind: 'direct', url, secret, ...named };
}
