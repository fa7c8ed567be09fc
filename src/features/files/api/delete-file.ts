/** Deletes a file's object from S3 through a pre-signed DELETE. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { deleteObject } from '../../../transfer/objects';
import { useApi, useVault } from '../../session/session-context';
import { filesQueryOptions } from './list-files';

/** Mutation: delete one file by object key. */
export function useDeleteFile() {
  const api = useApi();
  const vault = useVault();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (key: string) => deleteObject(api, key),
    onSettled: () => queryClient.invalidateQueries({ queryKey: filesQueryOptions(api, vault).queryKey }),
  });
}
