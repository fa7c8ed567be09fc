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

async function mapLimited<T, R>(items: T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  async function lane() {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index] as T);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** Lists the vault's files with decrypted metadata, newest first. */
export async function listFiles(api: ApiClient, vault: UnlockedVault): Promise<VaultFile[]> {
  const objects = await api.listAllObjects(FILES_PREFIX);
  const files = await mapLimited(objects, CONCURRENCY, async (object): Promise<VaultFile> => {
    const base = { key: object.key, storedSize: object.size, uploaded: object.lastModified };
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
