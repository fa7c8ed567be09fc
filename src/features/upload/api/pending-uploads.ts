/** Uploads left unfinished by an earlier visit (reload, crash, closed tab), remembered in IndexedDB. */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiClient } from '../../../transfer/api-client';
import type { ResumeStore } from '../../../transfer/upload/resume-store';
import { cancelPendingUpload } from '../../../transfer/upload/upload-file';
import { useApi } from '../../../session/session-context';
import { useUploadOwner } from '../upload-context';

/** Query options for the pending uploads of an owner. */
export function pendingUploadsQueryOptions(store: ResumeStore, owner: string) {
  return queryOptions({ queryKey: ['vault', 'pending-uploads', owner], queryFn: () => store.list(owner) });
}

/** Unfinished uploads of this account in this browser. */
export function usePendingUploads() {
  const { store, owner } = useUploadOwner();
  return useQuery(pendingUploadsQueryOptions(store, owner));
}

/** Mutation: give up an unfinished upload (S3 frees its parts). */
export function useDiscardPendingUpload() {
  const api: ApiClient = useApi();
  const { store, owner } = useUploadOwner();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => {
      const pending = await store.get(id);
      if (pending) await cancelPendingUpload(api, store, pending);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: pendingUploadsQueryOptions(store, owner).queryKey }),
  });
}
