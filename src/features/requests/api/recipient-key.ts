/**
 * The vault's recipient key pair (format SPEC section 12), kept at `vault/keypair.coffer` beside the settings object.
 * A vault without one (made before file requests existed) gets one the first time it is unlocked.
 *
 * Two browsers unlocking such a vault at once must not end up with two key pairs (requests made with the losing
 * public key would take files the vault cannot open). So a new pair is stored through the endpoint's
 * `POST /v1/requests/keypair`, which creates the object only where none exists (If-None-Match: *, plus a check
 * under a lock for S3s that ignore the condition); whoever loses reads the stored pair back and uses that one.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { base64urlnopad } from '@scure/base';
import type { RecipientIdentity } from '../../../format';
import { KEYPAIR_KEY } from '../../../protocol';
import type { ApiClient } from '../../../transfer/api-client';
import { withInboxWorker } from '../../../transfer/inbox-worker-handle';
import { getObject } from '../../../transfer/objects';
import type { RequestsClient } from '../../../transfer/requests-client';
import { useApi, useVault, vaultKeys, type UnlockedVault } from '../../../session/session-context';
import { useRequestsClient } from './requests-client';

/** The key pair object's key in the user's space. */
export const RECIPIENT_KEY_OBJECT = KEYPAIR_KEY;

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
 * Opens the vault's key pair, creating and storing one first if there is none. Of two browsers creating one at the
 * same moment, the endpoint stores one pair only; both read back what is stored, so they use the same pair.
 */
export async function loadRecipientKey(api: ApiClient, requests: RequestsClient, vault: UnlockedVault): Promise<RecipientKey> {
  return withInboxWorker(async (worker) => {
    let object = await stored(api);
    if (object === null) {
      const created = await worker.createKeyPair(vault.masterKey);
      await requests.createKeypair(base64urlnopad.encode(created.object)); // false: another browser's pair won
      object = await stored(api);
      if (object === null) throw new Error('the vault key pair was stored but cannot be read back: try again');
    }
    const identity = await worker.openKeyPair(vaultKeys(vault), object);
    return { identity, publicKey: base64urlnopad.encode(identity.publicKey), fingerprint: await worker.fingerprint(identity.publicKey) };
  });
}

/** Query options for the key pair (under 'vault': dropped on lock). */
export function recipientKeyQueryOptions(api: ApiClient, requests: RequestsClient, vault: UnlockedVault) {
  return queryOptions({ queryKey: ['vault', 'recipient-key'], queryFn: () => loadRecipientKey(api, requests, vault), staleTime: Infinity });
}

/** The vault's recipient key pair, created on first use. */
export function useRecipientKey() {
  return useQuery(recipientKeyQueryOptions(useApi(), useRequestsClient(), useVault()));
}
