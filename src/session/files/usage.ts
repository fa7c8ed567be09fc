/** The storage the vault uses, against the quota the endpoint enforces (`GET /v1/me/usage`). */
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ApiClient } from '../../transfer/api-client';
import { useApi } from '../session-context';

/**
 * Query options for the usage figure. Its key sits under the file list's, so whatever refreshes the list (an upload,
 * a delete) refreshes the figure too.
 */
export function usageQueryOptions(api: ApiClient) {
  return queryOptions({ queryKey: ['vault', 'files', 'usage'], queryFn: () => api.usage() });
}

/** Stored bytes and objects, and the quota. */
export function useUsage() {
  return useQuery(usageQueryOptions(useApi()));
}
