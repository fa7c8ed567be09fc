/** Creates a file request for the vault's public key. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateRequest } from '../../../protocol';
import { requestsQueryOptions } from './list-requests';
import { useRequestsClient } from './requests-client';

/** Mutation: create a request; the list refreshes. */
export function useCreateRequest() {
  const client = useRequestsClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: CreateRequest) => client.create(request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: requestsQueryOptions(client).queryKey }),
  });
}
