/**
 * The session: which endpoint and token the app uses, and - while the vault is unlocked - the vault master key and
 * the crypto workers (vault-keeper.ts). Locking drops the key and terminates the workers.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { VaultKeys } from '../format';
import { createApiClient, type ApiClient } from '../transfer/api-client';
import {
  clearConnection,
  fragmentConnection,
  loadConnection,
  resolveConnection,
  sameConnection,
  saveConnection,
  stripFragmentConnection,
  type Connection,
} from './connection';
import { createVaultKeeper, type UnlockDetails, type UnlockedVault } from './vault-keeper';

export { vaultKeys, type SettingsRollback, type UnlockDetails, type UnlockedVault } from './vault-keeper';

interface SessionValue {
  connection: Connection | null;
  api: ApiClient | null;
  vault: UnlockedVault | null;
  /**
   * A connection a link's `#token=` fragment names that differs from the one in use: not used until the person
   * accepts it (`acceptOffered`) or refuses it (`refuseOffered`).
   */
  offered: Connection | null;
  /**
   * Uses another endpoint or token. The vault locks, unless `sameVault` says the new connection reaches the same
   * vault (same endpoint, same user: only the token changed); then the API client in use, and every upload running
   * with it, sends the new token from its next request on.
   */
  connect(connection: Connection, options?: { sameVault?: boolean }): void;
  /** Switches to the offered connection (`sameVault` as for `connect`). */
  acceptOffered(options?: { sameVault?: boolean }): void;
  /** Keeps the current connection; the offer is dropped. */
  refuseOffered(): void;
  disconnect(): void;
  /** Opens the vault with its master key (and the previous one during an unfinished key rotation). */
  unlock(keys: VaultKeys, details?: UnlockDetails): void;
  /** A key rotation started or finished: the open vault's keys change in place (see UnlockedVault). */
  setVaultKeys(keys: VaultKeys): void;
  lock(): void;
}

/** A connection with its API client, whose token can change while the client lives (same endpoint and user). */
interface Linked {
  connection: Connection;
  api: ApiClient;
  setToken(token: string): void;
}

function link(connection: Connection): Linked {
  let token = connection.token;
  return {
    connection,
    api: createApiClient({ baseUrl: connection.endpoint, token: () => token }),
    setToken(next) {
      token = next;
    },
  };
}

const SessionContext = createContext<SessionValue | null>(null);

/** What the page starts with: the kept connection, or a link's when none is kept (then kept by an effect). */
function startingState(): { linked: Linked | null; offered: Connection | null } {
  const { connection, offered } = resolveConnection(fragmentConnection(window.location), loadConnection(localStorage));
  return { linked: connection ? link(connection) : null, offered };
}

/** Provides the session to the app. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [start] = useState(startingState);
  const [linked, setLinked] = useState(start.linked);
  const [offered, setOffered] = useState(start.offered);
  const [keeper] = useState(createVaultKeeper);
  const vault = useSyncExternalStore(keeper.subscribe, keeper.current);

  // The token leaves the address bar at once; a link's connection taken because none was kept is kept from now on.
  useEffect(() => {
    stripFragmentConnection(window.location, window.history);
    if (start.offered === null && start.linked !== null) saveConnection(localStorage, start.linked.connection);
  }, [start]);
  // The end of the session ends its workers.
  useEffect(() => () => keeper.lock(), [keeper]);

  const lock = useCallback(() => {
    keeper.lock();
    // Decrypted names and metadata leave memory with the key.
    queryClient.removeQueries({ queryKey: ['vault'] });
  }, [keeper, queryClient]);

  const connect = useCallback(
    (next: Connection, options?: { sameVault?: boolean }) => {
      setOffered(null);
      saveConnection(localStorage, next);
      if (options?.sameVault && linked !== null && linked.connection.endpoint === next.endpoint) {
        linked.setToken(next.token);
        setLinked({ ...linked, connection: next });
        return;
      }
      lock();
      queryClient.clear();
      setLinked(link(next));
    },
    [linked, lock, queryClient],
  );

  // A link followed while the app is open (only the fragment changes: no new page load) is handled as at load.
  useEffect(() => {
    const onHashChange = () => {
      const fromLink = fragmentConnection(window.location);
      stripFragmentConnection(window.location, window.history);
      if (fromLink === null) return;
      const resolved = resolveConnection(fromLink, linked?.connection ?? null);
      if (linked === null && resolved.connection !== null) connect(resolved.connection);
      else setOffered(resolved.offered);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [linked, connect]);

  const value = useMemo<SessionValue>(
    () => ({
      connection: linked?.connection ?? null,
      api: linked?.api ?? null,
      vault,
      offered,
      connect,
      acceptOffered(options) {
        if (offered !== null && !sameConnection(offered, linked?.connection ?? null)) connect(offered, options);
        else setOffered(null);
      },
      refuseOffered: () => setOffered(null),
      disconnect() {
        lock();
        clearConnection(localStorage);
        queryClient.clear();
        setOffered(null);
        setLinked(null);
      },
      unlock: (keys, details) => keeper.unlock(keys, details),
      setVaultKeys: (keys) => keeper.setKeys(keys),
      lock,
    }),
    [linked, vault, offered, connect, lock, keeper, queryClient],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The current session. */
export function useSession(): SessionValue {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside <SessionProvider>');
  return session;
}

/** The API client of a connected session (components below the connect screen only). */
export function useApi(): ApiClient {
  const { api } = useSession();
  if (!api) throw new Error('useApi needs a connected session');
  return api;
}

/** The unlocked vault (components below the unlock screen only). */
export function useVault(): UnlockedVault {
  const { vault } = useSession();
  if (!vault) throw new Error('useVault needs an unlocked vault');
  return vault;
}
