/**
 * The vault's recipient key pair (format SPEC section 12), kept at `vault/keypair.coffer` beside the settings object.
 * A vault without one (made before file requests existed) gets one the first time it is unlocked.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { base64urlnopad } from '@scure/base';
import type { RecipientIdentity } from '../../../format';
import type { ApiClient } from '../../../transfer/api-client';
import { withInboxWorker } from '../../../transfer/inbox-worker-handle';
import { getObject, putObject } from '../../../transfer/objects';
import { useApi, useVault, type UnlockedVault } from '../../session/session-context';

/** The key pair object's key in the user's space. */
export const RECIPIENT_KEY_OBJECT = 'vault/keypair.coffer';

/** The opened key pair: what decrypts guests' files, and the public key as links carry it. */
export interface RecipientKey {
  identity: RecipientIdentity;
  /** Raw public key, base64url without padding (the link fragment). */
  publicKey: string;
  /** What the owner reads out: eight groups of four hex digits. */
  fingerprint: string;
}

async function stored(api: ApiClient): Promise<Uint8Array | null> {
  const blob = await getObject(api, RECIPIENT_KEY_OBJECT);
  return blob ? new Uint8Array(await blob.arrayBuffer()) : null;
}

/**
 * Opens the vault's key pair, creating and storing one first if there is none. Two browsers creating one at the same
 * moment: the later write wins and both read back what is stored, so they agree from then on.
 */
export async function loadRecipientKey(api: ApiClient, vault: UnlockedVault): Promise<RecipientKey> {
  return withInboxWorker(async (worker) => {
    let object = await stored(api);
    if (object === null) {
      const created = await worker.createKeyPair(vault.masterKey);
      await putObject(api, RECIPIENT_KEY_OBJECT, new Blob([created.object]));
      object = await stored(api);
      if (object === null) throw new Error('the vault key pair was stored but cannot be read back: try again');
    }
    const identity = await worker.openKeyPair(vault.masterKey, object);
    return { identity, publicKey: base64urlnopad.encode(identity.publicKey), fingerprint: await worker.fingerprint(identity.publicKey) };
  });
}

/** Query options for the key pair (under 'vault': dropped on lock). */
export function recipientKeyQueryOptions(api: ApiClient, vault: UnlockedVault) {
  return queryOptions({ queryKey: ['vault', 'recipient-key'], queryFn: () => loadRecipientKey(api, vault), staleTime: Infinity });
}

/** The vault's recipient key pair, created on first use. */
export function useRecipientKey() {
  return useQuery(recipientKeyQueryOptions(useApi(), useVault()));
}
