/**
 * Where the app finds its endpoint and token. `npm start` prints a URL carrying the token in the fragment
 * (`#token=...`, optionally `&endpoint=...`), which never reaches a server; the app keeps it in local storage and
 * removes it from the address bar.
 *
 * A link is not the person: anyone can send a link whose fragment signs in to an account of theirs (login CSRF),
 * and what the victim then uploads lands where the sender reads it. So a fragment is taken as it is only by a browser
 * that has no connection yet; where one is kept, a fragment naming another endpoint or token is only offered, and
 * the person decides (session-context.tsx, account-switch-dialog.tsx).
 */
import { normaliseEndpoint } from './api/check-connection';

/** The endpoint the app talks to and the caller's bearer token. */
export interface Connection {
  endpoint: string;
  token: string;
}

const STORAGE_KEY = 'coffer.connection';
/** The fragment parameters that make a connection. */
const FRAGMENT_KEYS = ['token', 'endpoint'] as const;

/**
 * The connection a fragment names (`token`, and `endpoint` or else this page's origin), or null when it names none
 * or a malformed endpoint. Reads only: `stripFragmentConnection` removes it from the address bar.
 */
export function fragmentConnection(location: Pick<Location, 'hash' | 'origin'>): Connection | null {
  const params = new URLSearchParams(location.hash.slice(1));
  const token = params.get('token')?.trim();
  if (!token) return null;
  const address = normaliseEndpoint(params.get('endpoint') ?? location.origin);
  return 'endpoint' in address ? { endpoint: address.endpoint, token } : null;
}

/** Removes `token` and `endpoint` from the address bar's fragment, keeping anything else; nothing when absent. */
export function stripFragmentConnection(location: Pick<Location, 'hash' | 'pathname' | 'search'>, history: History): void {
  const params = new URLSearchParams(location.hash.slice(1));
  if (!FRAGMENT_KEYS.some((key) => params.has(key))) return;
  for (const key of FRAGMENT_KEYS) params.delete(key);
  const rest = params.toString();
  history.replaceState(history.state, '', location.pathname + location.search + (rest ? `#${rest}` : ''));
}

/** The connection kept from an earlier visit, or null (a damaged entry is removed). */
export function loadConnection(storage: Storage): Connection | null {
  const stored = storage.getItem(STORAGE_KEY);
  if (!stored) return null;
  try {
    const parsed: unknown = JSON.parse(stored);
    if (isConnection(parsed)) return parsed;
  } catch {
    // A damaged entry is treated as no connection: the user connects again.
  }
  storage.removeItem(STORAGE_KEY);
  return null;
}

/** Whether two connections are the same endpoint and token. */
export function sameConnection(a: Connection | null, b: Connection | null): boolean {
  return a !== null && b !== null && a.endpoint === b.endpoint && a.token === b.token;
}

/**
 * What the app uses, given the connection a link's fragment names and the one it has (kept, or in use): the link's
 * when there is none, else the one it has - and the link's is `offered` when it differs, for the person to accept
 * or refuse. Never switches by itself.
 */
export function resolveConnection(fromLink: Connection | null, current: Connection | null): { connection: Connection | null; offered: Connection | null } {
  if (current === null) return { connection: fromLink, offered: null };
  return { connection: current, offered: fromLink !== null && !sameConnection(fromLink, current) ? fromLink : null };
}

/** Keeps the connection for the next visit. */
export function saveConnection(storage: Storage, connection: Connection): void {
  storage.setItem(STORAGE_KEY, JSON.stringify(connection));
}

/** Forgets the connection (sign out). */
export function clearConnection(storage: Storage): void {
  storage.removeItem(STORAGE_KEY);
}

function isConnection(value: unknown): value is Connection {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.endpoint === 'string' && typeof record.token === 'string' && record.token.length > 0;
}
