/** The owner's file-request client, bound to the session's endpoint and token. */
import { useMemo } from 'react';
import { createRequestsClient, type RequestsClient } from '../../../transfer/requests-client';
import { useSession } from '../../../session/session-context';

/** The file-request client of the connected session. */
export function useRequestsClient(): RequestsClient {
  const { connection } = useSession();
  if (!connection) throw new Error('useRequestsClient needs a connected session');
  const { endpoint, token } = connection;
  return useMemo(() => createRequestsClient({ baseUrl: endpoint, token }), [endpoint, token]);
}
