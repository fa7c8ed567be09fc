/**
 * The vault's files: the caller's objects under files/, each with its name and details opened from the sealed name in
 * its object key (SPEC section 11), or from the object's header (a ranged GET of its first bytes) when the key has
 * none. The endpoint and S3 see only random ids and ciphertext.
 */
import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import { FILE_KEY_PREFIX, fileObjectParts, type FileMetadata } from '../../format';
import type { ObjectInfo } from '../../protocol';
import type { ApiClient } from '../../transfer/api-client';
import { readStoredHeader } from '../../transfer/read-header';
import { openStoredFile } from '../../transfer/stored-file';
import { useApi, useVault, vaultKeys, type UnlockedVault } from '../session-context';
import { onePerFile } from './one-per-file';

/** Headers fetched at once. */
const CONCURRENCY = 8;
/** Why a file whose key carries a name that does not open is not shown under any name. */
const UNREADABLE_NAME = 'Its name in storage does not open for this file: it was changed, or moved here from another file.';

/** One file of the vault as the user sees it. */
export type VaultFile =
  | { key: string; storedSize: number; uploaded: string; readable: true; metadata: FileMetadata }
  | { key: string; storedSize: number; uploaded: string; readable: false; problem: string };

async function mapLimited<T, R>(items: T[], limit: number, run: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  async function lane() {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index] as T, index);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** The sealed-name token in a file object's key (`files/<id>.<token>`, maybe cut into segments), if it has one. */
export function nameToken(key: string): string | undefined {
  return fileObjectParts(key).token;
}

/** The first character of every file object's id (lowercase hex, SPEC section 11). */
const ID_DIGITS = '0123456789abcdef';

/**
 * Every file object. Listing pages follow each other (each needs the previous page's cursor), so one listing of
 * 10,000 keys is ten round trips in a row; ids are random hex, so the 16 prefixes `files/0`..`files/f` split the
 * vault evenly and are listed side by side.
 */
async function listFileObjects(api: ApiClient) {
  const lists = await Promise.all([...ID_DIGITS].map((digit) => api.listAllObjects(FILE_KEY_PREFIX + digit)));
  return lists.flat();
}

/** How long a listing started before unlocking may be used by the list that follows it. */
const EARLY_LISTING_MS = 10_000;
/** A listing started while the passphrase is being checked, taken once by the first list after it. */
let early: { api: ApiClient; at: number; objects: Promise<ObjectInfo[]> } | undefined;

/**
 * Starts listing the file objects before the vault is open: the listing needs the token only (keys are ciphertext),
 * so it runs while Argon2id derives the key instead of after it.
 */
export function prefetchFileObjects(api: ApiClient): void {
  const objects = listFileObjects(api);
  objects.catch(() => undefined);
  early = { api, at: Date.now(), objects };
}

/** The early listing if it is this client's and recent (a failed one is tried again), else a fresh one. */
function takeFileObjects(api: ApiClient): Promise<ObjectInfo[]> {
  const taken = early;
  early = undefined;
  if (taken && taken.api === api && Date.now() - taken.at < EARLY_LISTING_MS) return taken.objects.catch(() => listFileObjects(api));
  return listFileObjects(api);
}

/**
 * Lists the vault's files with decrypted metadata, newest first: names come from the sealed tokens in the object
 * keys (one listing, opened in one worker call, each token under its object's id); only objects without a token, or
 * with one of an unknown version, have their header fetched. Downloads and previews check the key's name against
 * the header they fetch anyway (transfer/stored-file.ts).
 */
export async function listFiles(api: ApiClient, vault: UnlockedVault): Promise<VaultFile[]> {
  // Timings as performance measures (DevTools and the list benchmark read them): where a slow list spends its time.
  const started = performance.now();
  const objects = await takeFileObjects(api);
  performance.measure('coffer:list-objects', { start: started });
  const listed = performance.now();
  const parts = objects.map((object) => fileObjectParts(object.key));
  const sealed = parts.flatMap(({ id, token }, i) => (token === undefined ? [] : [{ i, named: { id, token } }]));
  // Both workers open names at once: half the batch each (one subkey derivation per batch).
  const half = Math.ceil(sealed.length / 2);
  const batches = [sealed.slice(0, half), sealed.slice(half)].map((batch) => batch.map((s) => s.named));
  const opened = (await Promise.all(batches.map((named) => vault.pool.run((w) => w.openNames(named, vaultKeys(vault)))))).flat();
  performance.measure('coffer:open-names', { start: listed });
  const fromKeys = new Map(sealed.map((s, n) => [s.i, opened[n]]));
  const files = await mapLimited(objects, CONCURRENCY, async (object, i): Promise<VaultFile> => {
    const base = { key: object.key, storedSize: object.size, uploaded: object.lastModified };
    const named = fromKeys.get(i);
    if (typeof named === 'object') return { ...base, readable: true, metadata: named };
    // A token that does not open was changed, or moved here from another file (SPEC section 11): never shown as a name.
    if (named !== undefined && named !== 'unsupported-version') return { ...base, readable: false, problem: UNREADABLE_NAME };
    // No token (a name too long for a key), or one of a version this app does not know: the header names the file.
    try {
      const metadata = await vault.pool.run(async (w) => w.readMetadata(await readStoredHeader(api, object.key), vaultKeys(vault)));
      return { ...base, readable: true, metadata };
    } catch (error) {
      return { ...base, readable: false, problem: error instanceof Error ? error.message : String(error) };
    }
  });
  // One entry per file id (an interrupted key rotation's copy and its original): the copy whose header opens, name and
  // all, with the current key wins. Only readable files take part: an object whose name does not open under its id
  // (a name moved onto it) is shown as unreadable and never hides the file whose id it carries.
  const readable = files.filter((file) => file.readable);
  const unique = [
    ...(await onePerFile(readable, async (file) => {
      await openStoredFile(vault.pool, { masterKey: vault.masterKey }, file.key, await readStoredHeader(api, file.key));
      return true;
    })),
    ...files.filter((file) => !file.readable),
  ];
  // ISO dates compare as strings; a plain comparison, since localeCompare costs ~1 µs a call (10,000 files: 140,000 calls).
  return unique.sort((a, b) => (a.uploaded < b.uploaded ? 1 : a.uploaded > b.uploaded ? -1 : 0));
}

/** Query options for the file list (under the 'vault' key, dropped on lock). */
export function filesQueryOptions(api: ApiClient, vault: UnlockedVault) {
  return queryOptions({ queryKey: ['vault', 'files'], queryFn: () => listFiles(api, vault) });
}

/**
 * Lists the files again after a change (an upload, a move into the vault). A listing still under way may have been
 * made before the change, and TanStack Query lets an invalidation join a first fetch rather than restart it: so the
 * running fetch is cancelled first, and the list is fetched afresh.
 */
export async function refreshFiles(queryClient: QueryClient, api: ApiClient, vault: UnlockedVault): Promise<void> {
  const { queryKey } = filesQueryOptions(api, vault);
  await queryClient.cancelQueries({ queryKey });
  await queryClient.invalidateQueries({ queryKey });
}

/**
 * Shows a file just stored at the top of the list, without listing again: a listing costs 17 requests to the
 * endpoint, and one per upload would run a folder of small files into the endpoint's rate limit. The list is
 * fetched afresh (refreshFiles) once the uploads are over; until then a listing that was already under way may leave
 * the file out, and the next one brings it back.
 */
export function showStoredFile(queryClient: QueryClient, api: ApiClient, vault: UnlockedVault, file: VaultFile): void {
  queryClient.setQueryData(filesQueryOptions(api, vault).queryKey, (files) => files && [file, ...files.filter((f) => f.key !== file.key)]);
}

/** The vault's files. */
export function useFiles() {
  return useQuery(filesQueryOptions(useApi(), useVault()));
}
