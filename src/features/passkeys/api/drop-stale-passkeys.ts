/**
 * A key rotation's part for passkeys (format SPEC sections 6.2 and 14): the passkey object wraps the old master key,
 * and no browser can wrap the new one for authenticators it does not hold, so a list that does not verify under the
 * new key is removed; its passkeys are registered again afterwards. A list made for the new key (registered during
 * the rotation) stays.
 */
import { isFormatError, listPasskeys } from '../../../format';
import type { ApiClient } from '../../../transfer/api-client';
import { deleteObject } from '../../../transfer/objects';
import { getPasskeyObject, PASSKEYS_KEY } from './passkey-object';

/**
 * Removes the passkey object unless it is `keys.masterKey`'s. Returns the names of the passkeys removed that the
 * previous key authenticates (the vault's own, for the person to register again); a list neither key authenticates
 * (changed in storage) is removed too, and names nothing.
 */
export async function dropStalePasskeys(api: ApiClient, keys: { masterKey: CryptoKey; previousMasterKey: CryptoKey }, signal?: AbortSignal): Promise<string[]> {
  const stored = await getPasskeyObject(api, signal);
  if (stored === null) return [];
  const under = (key: CryptoKey) =>
    listPasskeys(stored.bytes, key).catch((error: unknown) => {
      if (isFormatError(error)) return null;
      throw error;
    });
  if ((await under(keys.masterKey)) !== null) return [];
  const names = ((await under(keys.previousMasterKey)) ?? []).map((passkey) => passkey.name);
  await deleteObject(api, PASSKEYS_KEY, signal);
  return names;
}
