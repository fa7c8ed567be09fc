/** Closes a file request early: guests can upload nothing more. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { requestsQueryOptions } from './list-requests';
import { useRequestsClient } from './requests-client';

/** Mutation: close a request by id; the list refreshes. */
export function useCloseRequest() {
  const client = useRequestsClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => client.close(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: requestsQueryOptions(client).queryKey }),
  });
}
