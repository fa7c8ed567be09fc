/**
 * The vault's passkey object in storage (format SPEC section 14), beside the settings object: read with its ETag, and
 * written the way the settings are - a fresh read just before the write (an S3 that ignores conditions still does not
 * overwrite a change made since), the write conditional on what was read (`If-Match` on its ETag, or `If-None-Match: *`
 * for a first object) where the S3 honours it, and the object read back. It holds no secret in clear.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ApiClient } from '../../../transfer/api-client';
import { createObjectIfAbsent, deleteObject, getObjectWithEtag, putObject, replaceObjectIfUnchanged, type VersionedObject } from '../../../transfer/objects';
import { useApi } from '../../../session/session-context';

/** The object key of the passkey object, relative to the user's space. */
export const PASSKEYS_KEY = 'vault/passkeys.coffer';

/** A change of the passkey list that was refused or could not complete; `message` says what holds. */
export class PasskeyStoreError extends Error {
  override name = 'PasskeyStoreError';
}

const CHANGED_ELSEWHERE = 'The passkeys of this vault changed in another browser meanwhile. Nothing was written: try again.';

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  return a !== undefined && b !== undefined && a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** The passkey object with its ETag, or null when the vault has none. */
export function getPasskeyObject(api: ApiClient, signal?: AbortSignal): Promise<VersionedObject | null> {
  return getObjectWithEtag(api, PASSKEYS_KEY, signal);
}

/** Query options of the passkey object's bytes (null: none), read before the vault is unlocked. */
export function passkeyObjectQueryOptions(api: ApiClient) {
  return queryOptions({ queryKey: ['vault-passkeys'], queryFn: async () => (await getPasskeyObject(api))?.bytes ?? null });
}

/** The stored passkey object (null: none), as the unlock screen needs it. */
export function usePasskeyObject() {
  return useQuery(passkeyObjectQueryOptions(useApi()));
}

async function write(api: ApiClient, current: VersionedObject | null, next: Uint8Array<ArrayBuffer> | null): Promise<void> {
  if (next === null) return deleteObject(api, PASSKEYS_KEY);
  if (current === null) {
    if ((await createObjectIfAbsent(api, PASSKEYS_KEY, next)) === 'exists') throw new PasskeyStoreError(CHANGED_ELSEWHERE);
    return;
  }
  const body = new Blob([next]);
  // The bucket's CORS rule may hide ETag: then no conditional write is possible, and the fresh read is all there is.
  if (current.etag === null) return putObject(api, PASSKEYS_KEY, body);
  if ((await replaceObjectIfUnchanged(api, PASSKEYS_KEY, body, current.etag)) === 'conflict') throw new PasskeyStoreError(CHANGED_ELSEWHERE);
}

/**
 * Replaces the passkey object `current` (as read; null when there was none) by `next` (null: delete it), only while
 * storage still holds `current`; then reads it back. Throws a PasskeyStoreError saying what storage holds otherwise.
 */
export async function storePasskeys(api: ApiClient, current: VersionedObject | null, next: Uint8Array<ArrayBuffer> | null): Promise<void> {
  const now = await getPasskeyObject(api);
  if ((now === null) !== (current === null) || (now && !sameBytes(now.bytes, current?.bytes))) throw new PasskeyStoreError(CHANGED_ELSEWHERE);
  try {
    await write(api, current, next);
  } catch (error) {
    if (error instanceof PasskeyStoreError) throw error;
    // The request may have reached S3 before the connection broke: find out which object storage holds now.
    const reason = error instanceof Error ? error.message : String(error);
    const after = await getPasskeyObject(api).catch(() => undefined);
    if (after !== undefined && (after === null ? next === null : sameBytes(after.bytes, next ?? undefined))) return;
    throw new PasskeyStoreError(`Could not store the passkey list (${reason}). Reload to see which passkeys the vault keeps.`);
  }
  const stored = await getPasskeyObject(api);
  if (next === null ? stored !== null : !sameBytes(stored?.bytes, next)) {
    throw new PasskeyStoreError('The passkey list was written but read back differently (another browser wrote at the same moment?). Reload to see which passkeys the vault keeps.');
  }
}
