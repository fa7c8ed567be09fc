/** The owner's file requests, newest first. */
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RequestsClient } from '../../../transfer/requests-client';
import { useRequestsClient } from './requests-client';

/** Query options for the owner's requests. */
export function requestsQueryOptions(client: RequestsClient) {
  return queryOptions({ queryKey: ['vault', 'requests'], queryFn: () => client.list() });
}

/** The owner's file requests. */
export function useRequests() {
  return useQuery(requestsQueryOptions(useRequestsClient()));
}

/**
 * Lists the requests again: what guests sent since the list was read changes each request's counts (the owner
 * opening a request's inbox wants its card to agree with it).
 */
export function useRefreshRequests(): () => void {
  const client = useRequestsClient();
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: requestsQueryOptions(client).queryKey });
}
