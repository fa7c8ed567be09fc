/**
 * Where the app finds its endpoint and token. `npm start` prints a URL carrying the token in the fragment
 * (`#token=...`), which never reaches a server; the app moves it into local storage and removes it from the address bar.
 */

/** The endpoint the app talks to and the caller's bearer token. */
export interface Connection {
  endpoint: string;
  token: string;
}

const STORAGE_KEY = 'coffer.connection';

/** Reads a token from the fragment (and strips it from the address bar), else the stored connection. */
export function loadConnection(location: Location, history: History, storage: Storage): Connection | null {
  const params = new URLSearchParams(location.hash.slice(1));
  const token = params.get('token');
  if (token) {
    params.delete('token');
    const rest = params.toString();
    history.replaceState(history.state, '', location.pathname + location.search + (rest ? `#${rest}` : ''));
    const connection = { endpoint: params.get('endpoint') ?? location.origin, token };
    saveConnection(storage, connection);
    return connection;
  }
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
