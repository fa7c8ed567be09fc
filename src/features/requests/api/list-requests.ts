/** The owner's file requests, newest first. */
import { queryOptions, useQuery } from '@tanstack/react-query';
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
