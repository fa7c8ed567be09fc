/** Who the endpoint says the token belongs to: checks the token before the vault is opened. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ApiClient } from '../../../transfer/api-client';
import { useApi } from '../session-context';

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
