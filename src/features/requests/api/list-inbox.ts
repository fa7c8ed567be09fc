/**
 * What guests sent to one request: the objects under `inbox/<request id>/` of the owner's space, each with its name,
 * details and receipt code from its header, opened with the vault's recipient key.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { FileMetadata } from '../../../format';
import { INBOX_PREFIX } from '../../../protocol';
import type { ApiClient } from '../../../transfer/api-client';
import { withInboxWorker } from '../../../transfer/inbox-worker-handle';
import { readStoredHeader } from '../../../transfer/read-header';
import { useApi } from '../../../session/session-context';
import type { RecipientKey } from './recipient-key';

/**
 * One received file as the owner sees it. A readable one has its receipt code (format SPEC section 12), computed from
 * its header once that authenticated: the code its guest was given for it.
 */
export type InboxFile =
  | { key: string; storedSize: number; received: string; readable: true; metadata: FileMetadata; receipt: string }
  | { key: string; storedSize: number; received: string; readable: false; problem: string };

/** The inbox prefix of a request, relative to the owner's space. */
export const inboxPrefix = (requestId: string): string => `${INBOX_PREFIX}${requestId}/`;

/** The header of an inbox object. */
export const readInboxHeader = readStoredHeader;

/** Lists a request's inbox with decrypted names, oldest first. */
export async function listInbox(api: ApiClient, key: RecipientKey, requestId: string): Promise<InboxFile[]> {
  const objects = await api.listAllObjects(inboxPrefix(requestId));
  if (objects.length === 0) return [];
  return withInboxWorker(async (worker) => {
    const files: InboxFile[] = [];
    for (const object of objects) {
      const base = { key: object.key, storedSize: object.size, received: object.lastModified };
      try {
        files.push({ ...base, readable: true, ...(await worker.readMetadata(await readInboxHeader(api, object.key), key.identity)) });
      } catch (error) {
        files.push({ ...base, readable: false, problem: error instanceof Error ? error.message : String(error) });
      }
    }
    return files.sort((a, b) => a.received.localeCompare(b.received));
  });
}

/** Query options for one request's inbox (under 'vault': dropped on lock). */
export function inboxQueryOptions(api: ApiClient, key: RecipientKey, requestId: string) {
  return queryOptions({ queryKey: ['vault', 'inbox', requestId], queryFn: () => listInbox(api, key, requestId) });
}

/** One request's inbox. */
export function useInbox(key: RecipientKey, requestId: string) {
  return useQuery(inboxQueryOptions(useApi(), key, requestId));
}
