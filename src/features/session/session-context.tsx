/**
 * The session: which endpoint and token the app uses, and - while the vault is unlocked - the vault master key and
 * the crypto workers. Locking drops the key and terminates the workers.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { createApiClient, type ApiClient } from '../../transfer/api-client';
import { startCryptoPool, type CryptoPool } from '../../transfer/workers';
import { clearConnection, loadConnection, saveConnection, type Connection } from './connection';

/** An unlocked vault: its master key (non-extractable) and the workers that use it. */
export interface UnlockedVault {
  masterKey: CryptoKey;
  pool: CryptoPool;
  /** How long deriving the key from the passphrase took in this browser (Argon2id), in ms, when measured. */
  derivationMs?: number;
}

interface SessionValue {
  connection: Connection | null;
  api: ApiClient | null;
  vault: UnlockedVault | null;
  /**
   * Uses another endpoint or token. The vault locks, unless `sameVault` says the new connection reaches the same
   * vault (same endpoint, same user: only the token changed).
   */
  connect(connection: Connection, options?: { sameVault?: boolean }): void;
  disconnect(): void;
  unlock(masterKey: CryptoKey, derivationMs?: number): void;
  lock(): void;
}

const SessionContext = createContext<SessionValue | null>(null);

/** Provides the session to the app. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [connection, setConnection] = useState(() => loadConnection(window.location, window.history, localStorage));
  const [vault, setVault] = useState<UnlockedVault | null>(null);

  const api = useMemo(
    () => (connection ? createApiClient({ baseUrl: connection.endpoint, token: connection.token }) : null),
    [connection],
  );

  const lock = useCallback(() => {
    setVault((current) => {
      current?.pool.terminate();
      return null;
    });
    // Decrypted names and metadata leave memory with the key.
    queryClient.removeQueries({ queryKey: ['vault'] });
  }, [queryClient]);

  const value = useMemo<SessionValue>(
    () => ({
      connection,
      api,
      vault,
      connect(next, options) {
        if (!options?.sameVault) {
          lock();
          queryClient.clear();
        }
        saveConnection(localStorage, next);
        setConnection(next);
      },
      disconnect() {
        lock();
        clearConnection(localStorage);
        queryClient.clear();
        setConnection(null);
      },
      unlock(masterKey, derivationMs) {
        setVault((current) => {
          current?.pool.terminate();
          return { masterKey, pool: startCryptoPool(), ...(derivationMs === undefined ? {} : { derivationMs }) };
        });
      },
      lock,
    }),
    [connection, api, vault, lock, queryClient],
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
