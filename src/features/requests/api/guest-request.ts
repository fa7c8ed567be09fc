/**
 * A guest opening a request link `/r/<id>#<owner public key>`: the request as the endpoint describes it, accepted
 * only when the key in the link equals, byte for byte, the key the endpoint holds for the request. A changed link
 * (or an endpoint that swapped the key) is refused before anything is encrypted or uploaded.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { base64urlnopad } from '@scure/base';
import { REQUEST_ID_PATTERN, type PublicRequest } from '../../../protocol';
import { withInboxWorker } from '../../../transfer/inbox-worker-handle';
import { createGuestClient } from '../../../transfer/requests-client';

/** A request a guest may upload to. */
export interface GuestRequest {
  id: string;
  info: PublicRequest;
  /** The owner's public key (verified against the link). */
  publicKey: Uint8Array;
  fingerprint: string;
}

/** The link was changed: its key is not the request's. */
export class LinkKeyMismatch extends Error {
  override name = 'LinkKeyMismatch';
}

/** The request id of a `/r/<id>` path, or null for any other path. */
export function requestIdFromPath(pathname: string): string | null {
  const match = /^\/r\/([^/]+)\/?$/.exec(pathname);
  return match?.[1] !== undefined && REQUEST_ID_PATTERN.test(match[1]) ? match[1] : null;
}

function decodeKey(text: string): Uint8Array | null {
  try {
    return base64urlnopad.decode(text);
  } catch {
    return null;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** Fetches the request and checks the link's key against the endpoint's copy. */
export async function openGuestRequest(origin: string, id: string, fragment: string): Promise<GuestRequest> {
  const info = await createGuestClient(origin, id).info();
  const fromLink = decodeKey(fragment);
  const fromEndpoint = decodeKey(info.publicKey);
  if (fromLink === null || fromEndpoint === null || !sameBytes(fromLink, fromEndpoint)) {
    throw new LinkKeyMismatch(
      "This link's key does not match the key the owner registered for this request: the link was changed or cut. " +
        'Nothing was uploaded. Ask the owner for the link again.',
    );
  }
  const fingerprint = await withInboxWorker((worker) => worker.fingerprint(fromEndpoint));
  return { id, info, publicKey: fromEndpoint, fingerprint };
}

/** Query options for a guest's request (never retried: a refused link stays refused). */
export function guestRequestQueryOptions(origin: string, id: string, fragment: string) {
  return queryOptions({ queryKey: ['guest-request', origin, id, fragment], queryFn: () => openGuestRequest(origin, id, fragment), retry: false });
}

/** The request a guest opened, verified. */
export function useGuestRequest(id: string, fragment: string) {
  return useQuery(guestRequestQueryOptions(window.location.origin, id, fragment));
}

/** What a request still takes, as the endpoint counts it (stored bytes) and enforces it. */
export type RequestRoom = Pick<PublicRequest, 'filesLeft' | 'bytesLeft'>;

/**
 * Query options for what is left of a request: the endpoint's answer, read again after each file a guest sent (or
 * that was refused or cancelled), since the endpoint is what enforces it. A request closed or expired since the page
 * opened fails with the endpoint's 410, which the page shows instead of the room.
 */
export function requestRoomQueryOptions(origin: string, id: string) {
  return queryOptions({
    queryKey: ['guest-request', origin, id, 'room'],
    queryFn: async (): Promise<RequestRoom> => {
      const { filesLeft, bytesLeft } = await createGuestClient(origin, id).info();
      return { filesLeft, bytesLeft };
    },
    retry: false,
    staleTime: Infinity,
  });
}

/** What is left of the request the guest opened: first from the opening answer, then read again after each file. */
export function useRequestRoom(request: GuestRequest) {
  const { filesLeft, bytesLeft } = request.info;
  return useQuery({ ...requestRoomQueryOptions(window.location.origin, request.id), initialData: { filesLeft, bytesLeft } });
}
