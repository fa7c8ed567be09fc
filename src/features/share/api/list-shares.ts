/** The owner's shares (those that work, and those that ended in the last days), and revoking one. */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ShareInfo } from '../../../protocol';
import type { ApiClient } from '../../../transfer/api-client';
import { useApi } from '../../../session/session-context';

/** Query key of the share list (under 'vault': dropped on lock with the decrypted names it is shown with). */
export const sharesQueryKey = ['vault', 'shares'] as const;

/** Query options for the caller's shares: those that work, then those that ended recently. */
export function sharesQueryOptions(api: ApiClient) {
  return queryOptions({ queryKey: sharesQueryKey, queryFn: (): Promise<ShareInfo[]> => api.shares.list() });
}

/** The caller's shares: those that work, then those that ended recently. */
export function useShares() {
  return useQuery(sharesQueryOptions(useApi()));
}

/** Mutation: revoke a share (new downloads stop at once); refreshes the list. */
export function useRevokeShare() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.shares.revoke(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sharesQueryKey }),
  });
}
