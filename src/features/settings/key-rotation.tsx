/**
 * The open vault's key rotation (format SPEC section 6.2): started from Settings, carried on while the vault is open
 * in any section, and resumed by the next unlock when it was interrupted (the settings object then still carries the
 * previous key). Also locks a session whose key the stored settings no longer match (rotated in another browser).
 */
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useToast } from '../../components/ui/toast';
import type { ApiClient } from '../../transfer/api-client';
import { getObjectWithEtag } from '../../transfer/objects';
import { withRotationWorker } from '../../transfer/rotation-worker-handle';
import { filesQueryOptions, refreshFiles } from '../../session/files/list-files';
import { passkeyListQueryOptions } from '../passkeys/api/passkey-list';
import { passkeyObjectQueryOptions } from '../passkeys/api/passkey-object';
import { useLocalOwner } from '../../session/api/get-me';
import { useApi, useSession, useVault, vaultKeys, type UnlockedVault } from '../../session/session-context';
import { VAULT_SETTINGS_KEY, vaultSettingsQueryOptions } from '../../session/vault-settings';
import { useUploadQueue } from '../upload/upload-context';
import { runRotation, type RotationOutcome, type RotationProgress } from './api/run-rotation';
import { startRotation } from './api/rotate-vault-key';

/** Where the rotation stands, as the Settings panel shows it. */
export type RotationState =
  | { status: 'idle' }
  | { status: 'starting' }
  | { status: 'running'; progress: RotationProgress }
  | { status: 'stopped'; error: string; failed: RotationOutcome['failed'] }
  | { status: 'finished'; unreadable: number; passkeysRemoved: string[] };

interface RotationValue {
  state: RotationState;
  /** Starts a rotation; rejects (nothing changed) with a message to show, e.g. for a wrong passphrase. */
  start(passphrase: string): Promise<void>;
  /** Goes on with an unfinished rotation. */
  resume(): void;
}

const RotationContext = createContext<RotationValue | null>(null);

/** How often a session checks that the stored settings still belong to its key. */
const CHECK_INTERVAL_MS = 60_000;

/**
 * Whether the stored settings are still this session's key's: 'other' when the vault key was rotated elsewhere or the
 * object was replaced (asked twice, so that a rotation this session itself just started is not taken for one).
 */
function settingsCheckOptions(api: ApiClient, vault: UnlockedVault) {
  const check = async () => {
    const stored = await getObjectWithEtag(api, VAULT_SETTINGS_KEY);
    return stored ? withRotationWorker((w) => w.settingsState(stored.bytes, vault.masterKey)) : ('unknown' as const);
  };
  return queryOptions({
    queryKey: ['vault', 'settings-check'],
    queryFn: async () => ((await check()) === 'other' ? check() : 'current'),
    refetchInterval: CHECK_INTERVAL_MS,
    refetchOnWindowFocus: 'always',
    retry: false,
  });
}

/** Resolves once no upload of this session is in flight (one started before the rotation seals to the previous key). */
function useUploadsSettled(): () => Promise<void> {
  const queue = useUploadQueue();
  return useCallback(
    () =>
      new Promise<void>((resolve) => {
        let unsubscribe = () => {};
        const check = () => {
          if (queue.getSnapshot().some((item) => item.status === 'uploading')) return;
          unsubscribe();
          resolve();
        };
        unsubscribe = queue.subscribe(check);
        check();
      }),
    [queue],
  );
}

/** Provides the rotation to the vault's sections; mounted inside the upload queue's provider. */
export function KeyRotationProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const vault = useVault();
  const { setVaultKeys, lock } = useSession();
  const owner = useLocalOwner();
  const queryClient = useQueryClient();
  const toast = useToast();
  const settled = useUploadsSettled();
  const [state, setState] = useState<RotationState>({ status: 'idle' });
  const running = useRef<AbortController | null>(null);

  const run = useCallback(async () => {
    const previousMasterKey = vault.previousMasterKey;
    if (previousMasterKey === undefined || running.current) return;
    const controller = new AbortController();
    running.current = controller;
    const { queryKey } = filesQueryOptions(api, vault);
    try {
      const outcome = await runRotation({
        api,
        keys: { masterKey: vault.masterKey, previousMasterKey },
        signal: controller.signal,
        settled,
        onProgress: (progress) => setState({ status: 'running', progress }),
        onReplaced: (from, to) =>
          queryClient.setQueryData(queryKey, (files) => {
            if (!files) return files;
            const moved = files.some((file) => file.key === to);
            return moved ? files.filter((file) => file.key !== from) : files.map((file) => (file.key === from ? { ...file, key: to } : file));
          }),
      });
      // The run removes a passkey list of the old key: the unlock screen and Settings read storage again.
      await queryClient.invalidateQueries({ queryKey: passkeyObjectQueryOptions(api).queryKey });
      await queryClient.invalidateQueries({ queryKey: passkeyListQueryOptions(api, vault).queryKey });
      if (!outcome.finished) {
        setState({ status: 'stopped', error: `${outcome.failed.length} file(s) could not be re-wrapped, so the old vault key is kept for now.`, failed: outcome.failed });
        return;
      }
      setVaultKeys({ masterKey: vault.masterKey });
      if (outcome.settings) queryClient.setQueryData(vaultSettingsQueryOptions(api).queryKey, outcome.settings);
      setState({ status: 'finished', unreadable: outcome.unreadable.length, passkeysRemoved: outcome.passkeysRemoved });
      const passkeys = outcome.passkeysRemoved.length > 0 ? ' Your passkeys were removed with it: register them again.' : '';
      toast.show({ message: `Vault key rotated: every file now opens with the new key only, and the old key is gone.${passkeys}`, durationMs: 12_000 });
    } catch (error) {
      if (controller.signal.aborted) return;
      setState({ status: 'stopped', error: error instanceof Error ? error.message : String(error), failed: [] });
    } finally {
      running.current = null;
      if (!controller.signal.aborted) await refreshFiles(queryClient, api, vault);
    }
  }, [api, vault, settled, queryClient, setVaultKeys, toast]);

  // An unfinished rotation goes on by itself once the vault is open, unless the settings looked rolled back (the
  // owner should look first); it stops when the vault locks.
  const resumeOnOpen = vault.previousMasterKey !== undefined && vault.rollback === undefined;
  useEffect(() => {
    if (!resumeOnOpen) return;
    // The run sets state only once it has awaited (it first waits for this session's uploads in flight).
    void (async () => {
      await run();
    })();
  }, [resumeOnOpen, run]);
  useEffect(() => () => running.current?.abort(), []);

  const start = useCallback(
    async (passphrase: string) => {
      setState({ status: 'starting' });
      await queryClient.cancelQueries({ queryKey: ['vault', 'settings-check'] });
      try {
        const started = await startRotation(api, vaultKeys(vault), passphrase, owner);
        setVaultKeys(started.keys);
        queryClient.setQueryData(vaultSettingsQueryOptions(api).queryKey, started.settings);
      } catch (error) {
        setState({ status: 'idle' });
        throw error;
      }
      // `vault` reads the keyring the session just changed: it has the previous key now.
      void run();
    },
    [api, vault, owner, queryClient, setVaultKeys, run],
  );

  const check = useQuery({ ...settingsCheckOptions(api, vault), enabled: state.status !== 'starting' });
  useEffect(() => {
    if (check.data !== 'other') return;
    lock();
    toast.show({
      message: 'The vault settings in storage no longer match the key this browser holds (the vault key was rotated in another browser, or the settings were replaced). The vault locked: unlock it again.',
      durationMs: Infinity,
    });
  }, [check.data, lock, toast]);

  const value = useMemo<RotationValue>(() => ({ state, start, resume: () => void run() }), [state, start, run]);
  return <RotationContext.Provider value={value}>{children}</RotationContext.Provider>;
}

/** The open vault's key rotation. */
export function useKeyRotation(): RotationValue {
  const value = useContext(RotationContext);
  if (!value) throw new Error('useKeyRotation must be used inside <KeyRotationProvider>');
  return value;
}
