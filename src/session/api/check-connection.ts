/**
 * Checks an endpoint address and token before the app switches to them: `GET /v1/me` must answer as Coffer does.
 * The app can be hosted anywhere and pointed at any Coffer endpoint.
 */
import { useMutation } from '@tanstack/react-query';
import type { MeResponse } from '../../protocol';
import { ApiError, createApiClient } from '../../transfer/api-client';
import type { Connection } from '../connection';

/** A connection that was refused, with a message for people. */
export class ConnectionCheckError extends Error {
  override name = 'ConnectionCheckError';
}

/** The endpoint address as the app keeps it (no trailing slash), or an error message for a malformed one. */
export function normaliseEndpoint(address: string): { endpoint: string } | { problem: string } {
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    return { problem: 'Enter the server’s full address, starting with https:// (or http:// on this computer).' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: 'The server address must start with https:// or http://.' };
  if (url.username || url.password || url.search || url.hash) {
    return { problem: 'Enter the server address alone: no user name, password, query or # part.' };
  }
  return { endpoint: `${url.origin}${url.pathname}`.replace(/\/+$/, '') };
}

/** Calls `/v1/me` on the given endpoint with the given token; resolves with the user it names. */
export async function checkConnection(connection: Connection): Promise<MeResponse> {
  try {
    return await createApiClient({ baseUrl: connection.endpoint, token: connection.token }).me();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.status === 401) throw new ConnectionCheckError('The server did not accept this token. Check it and try again.');
    if (error.status === 0 && error.code === 'network_error') {
      throw new ConnectionCheckError(
        `Could not reach ${connection.endpoint}. Check the address and your connection; if both are right, the server does not let this app in (Settings → Connection’s help says what whoever runs it must set).`,
      );
    }
    if (error.code === 'invalid_response') throw new ConnectionCheckError(`${connection.endpoint} answered, but it is not a Coffer server.`);
    throw new ConnectionCheckError(`The server refused the check: ${error.message}`);
  }
}

/** Mutation: check a connection; resolves with the connection and its user. */
export function useCheckConnection() {
  return useMutation({
    mutationFn: async (connection: Connection) => ({ connection, me: await checkConnection(connection) }),
  });
}
