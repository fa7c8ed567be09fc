/**
 * The vault's passkeys as its Settings show them: the stored list, authenticated with the open vault's master key
 * (format SPEC section 14, its list tag), so that every name and date shown is what this vault wrote. A list that does
 * not verify - made before a key rotation, changed or damaged in storage - is 'stale': it opens nothing, and the next
 * registration replaces it.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { isFormatError, listPasskeys, type PasskeyInfo } from '../../../format';
import type { ApiClient } from '../../../transfer/api-client';
import type { VersionedObject } from '../../../transfer/objects';
import { useApi, useVault, type UnlockedVault } from '../../../session/session-context';
import { getPasskeyObject } from './passkey-object';

/** What storage holds, as the open vault sees it; `object` is what was read (for a write conditional on it). */
export type PasskeyList =
  | { status: 'none' }
  | { status: 'listed'; passkeys: PasskeyInfo[]; object: VersionedObject }
  | { status: 'stale'; object: VersionedObject };

/** Reads the passkey object and authenticates it under `masterKey`. */
export async function readPasskeyList(api: ApiClient, masterKey: CryptoKey, signal?: AbortSignal): Promise<PasskeyList> {
  const object = await getPasskeyObject(api, signal);
  if (object === null) return { status: 'none' };
  try {
    return { status: 'listed', passkeys: await listPasskeys(object.bytes, masterKey), object };
  } catch (error) {
    if (isFormatError(error)) return { status: 'stale', object };
    throw error;
  }
}

/**
 * Query options of the open vault's passkey list (under ['vault']: dropped when the vault locks). The master key is
 * read at fetch time: a key rotation changes it in place (UnlockedVault).
 */
export function passkeyListQueryOptions(api: ApiClient, vault: UnlockedVault) {
  return queryOptions({ queryKey: ['vault', 'passkeys'], queryFn: ({ signal }) => readPasskeyList(api, vault.masterKey, signal) });
}

/** The open vault's passkeys. */
export function usePasskeyList() {
  return useQuery(passkeyListQueryOptions(useApi(), useVault()));
}
