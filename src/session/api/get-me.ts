/** Who the endpoint says the token belongs to: checks the token before the vault is opened. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ApiClient } from '../../transfer/api-client';
import { useApi, useSession } from '../session-context';

/** Asks the endpoint whose token this is. */
export function getMe(api: ApiClient) {
  return api.me();
}

/** Query options for the current user. */
export function meQueryOptions(api: ApiClient) {
  return queryOptions({ queryKey: ['me'], queryFn: () => getMe(api), staleTime: Infinity });
}

/** The current user, per the endpoint. */
export function useMe() {
  return useQuery(meQueryOptions(useApi()));
}

/**
 * Endpoint and user: whose data this browser keeps locally (unfinished uploads, pending deletes), so that two accounts
 * in one browser stay apart. The user is known before a vault opens: unlocking asks the endpoint first.
 */
export function useLocalOwner(): string {
  const { connection } = useSession();
  return `${connection?.endpoint ?? ''}|${useMe().data?.user ?? 'unknown'}`;
}
