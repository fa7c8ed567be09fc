/**
 * The vault's files: the caller's objects under files/, each with its name and details decrypted from the object's
 * header (a ranged GET of its first bytes). The endpoint and S3 see only random object keys.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { HEADER_PREFIX_LENGTH, headerLength, type FileMetadata } from '../../../format';
import type { ApiClient } from '../../../transfer/api-client';
import { getObjectRange } from '../../../transfer/objects';
import { useApi, useVault, type UnlockedVault } from '../../session/session-context';

/** Where file objects live in the user's space. */
export const FILES_PREFIX = 'files/';

/** Bytes fetched first for a header; most headers fit, longer ones take a second request. */
const FIRST_READ = Math.max(4096, HEADER_PREFIX_LENGTH);
/** Headers fetched at once. */
const CONCURRENCY = 8;

/** One file of the vault as the user sees it. */
export type VaultFile =
  | { key: string; storedSize: number; uploaded: string; readable: true; metadata: FileMetadata }
  | { key: string; storedSize: number; uploaded: string; readable: false; problem: string };

async function readHeader(api: ApiClient, key: string): Promise<Uint8Array> {
  const first = await getObjectRange(api, key, 0, FIRST_READ);
  const length = headerLength(first);
  return length <= first.length ? first : getObjectRange(api, key, 0, length);
}

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

/** The sealed-name token in a file object's key (`files/<id>.<token>`), if it has one. */
export function nameToken(key: string): string | undefined {
  const last = key.slice(key.lastIndexOf('/') + 1);
  const dot = last.indexOf('.');
  return dot < 0 ? undefined : last.slice(dot + 1);
}

/** The first character of every file object's id (lowercase hex, SPEC section 11). */
const ID_DIGITS = '0123456789abcdef';

/**
 * Every file object. Listing pages follow each other (each needs the previous page's cursor), so one listing of
 * 10,000 keys is ten round trips in a row; ids are random hex, so the 16 prefixes `files/0`..`files/f` split the
 * vault evenly and are listed side by side.
 */
async function listFileObjects(api: ApiClient) {
  const lists = await Promise.all([...ID_DIGITS].map((digit) => api.listAllObjects(FILES_PREFIX + digit)));
  return lists.flat();
}

/**
 * Lists the vault's files with decrypted metadata, newest first: names come from the sealed tokens in the object
 * keys (one listing, opened in one worker call); only objects without a usable token have their header fetched.
 */
export async function listFiles(api: ApiClient, vault: UnlockedVault): Promise<VaultFile[]> {
  const objects = await listFileObjects(api);
  const tokens = objects.map((object) => nameToken(object.key));
  const sealed = tokens.flatMap((token, i) => (token === undefined ? [] : [{ i, token }]));
  const opened = await vault.pool.run((w) => w.openNames(sealed.map((s) => s.token), vault.masterKey));
  const fromKeys = new Map(sealed.map((s, n) => [s.i, opened[n] ?? null]));
  const files = await mapLimited(objects, CONCURRENCY, async (object, i): Promise<VaultFile> => {
    const base = { key: object.key, storedSize: object.size, uploaded: object.lastModified };
    const named = fromKeys.get(i);
    if (named) return { ...base, readable: true, metadata: named };
    try {
      const metadata = await vault.pool.run(async (w) => w.readMetadata(await readHeader(api, object.key), vault.masterKey));
      return { ...base, readable: true, metadata };
    } catch (error) {
      return { ...base, readable: false, problem: error instanceof Error ? error.message : String(error) };
    }
  });
  return files.sort((a, b) => b.uploaded.localeCompare(a.uploaded));
}

/** Query options for the file list (under the 'vault' key, dropped on lock). */
export function filesQueryOptions(api: ApiClient, vault: UnlockedVault) {
  return queryOptions({ queryKey: ['vault', 'files'], queryFn: () => listFiles(api, vault) });
}

/** The vault's files. */
export function useFiles() {
  return useQuery(filesQueryOptions(useApi(), useVault()));
}
