/**
 * Registers a passkey that unlocks the vault (format SPEC section 14). The authenticator is asked first, straight from
 * the click (browsers want a user gesture for it); then a short-lived worker opens the settings with the passphrase -
 * the master key is held non-extractable, so only the passphrase gives it raw for wrapping - wraps it under the
 * passkey's PRF output and zeroes it. The new list is written as the settings are (passkey-object.ts). A credential
 * made but not stored (a wrong passphrase, a failed write) is signalled to the authenticator as unknown.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { inspectVault, MAX_PASSKEYS, PASSKEY_SALT_LENGTH, type NewPasskey } from '../../../format';
import type { ApiClient } from '../../../transfer/api-client';
import { getObjectWithEtag } from '../../../transfer/objects';
import { addPasskeyInWorker } from '../../../transfer/workers';
import { useMe } from '../../../session/api/get-me';
import { useApi, useVault } from '../../../session/session-context';
import { VAULT_SETTINGS_KEY } from '../../../session/vault-settings';
import { createPasskey, forgetPasskey, passkeySupport, PasskeyError } from '../webauthn';
import { passkeyObjectQueryOptions, storePasskeys } from './passkey-object';
import { passkeyListQueryOptions, readPasskeyList } from './passkey-list';

/** What the registration form submits. */
export interface PasskeyRegistration {
  name: string;
  passphrase: string;
}

function fromHex(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

/** Registers a passkey for the open vault (its master key `masterKey`); returns the new passkey object. */
export async function registerPasskey(api: ApiClient, masterKey: CryptoKey, registration: PasskeyRegistration, userName: string): Promise<Uint8Array<ArrayBuffer>> {
  const support = passkeySupport();
  if (!support.usable) throw new PasskeyError('unsupported', support.reason);
  const settings = await getObjectWithEtag(api, VAULT_SETTINGS_KEY);
  if (!settings) throw new Error('The vault settings are missing from storage. Nothing was stored.');
  const facts = inspectVault(settings.bytes);
  if (facts.version === 1) throw new Error('This vault’s settings are of an older kind that passkeys cannot check: change the passphrase once (Settings), then register.');
  const list = await readPasskeyList(api, masterKey);
  const listed = list.status === 'listed' ? list.passkeys : [];
  if (listed.length >= MAX_PASSKEYS) throw new Error(`This vault has ${MAX_PASSKEYS} passkeys, the most it keeps: remove one to register another.`);
  const salt = crypto.getRandomValues(new Uint8Array(PASSKEY_SALT_LENGTH));
  const made = await createPasskey({ userId: fromHex(facts.vaultId), userName, salt, exclude: listed.map((p) => p.credentialId) });
  const passkey: NewPasskey = { credentialId: made.credentialId, name: registration.name.trim(), created: Date.now(), salt, prfOutput: made.prfOutput };
  try {
    // A stale list (made before a key rotation, or changed in storage) opens nothing: the new one replaces it.
    const existing = list.status === 'listed' ? list.object.bytes : null;
    const next = await addPasskeyInWorker(settings.bytes, registration.passphrase, masterKey, existing, passkey);
    if (next === null) throw new Error('The passphrase is wrong. Nothing was stored (the passkey just made on your authenticator unlocks nothing).');
    const bytes = new Uint8Array(next);
    await storePasskeys(api, list.status === 'none' ? null : list.object, bytes);
    return bytes;
  } catch (error) {
    forgetPasskey(made.credentialId);
    throw error;
  } finally {
    made.prfOutput.fill(0);
  }
}

/** Mutation: register a passkey; the unlock screen and the Settings list read the new object. */
export function useRegisterPasskey() {
  const api = useApi();
  const vault = useVault();
  const user = useMe().data?.user ?? 'vault';
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (registration: PasskeyRegistration) => registerPasskey(api, vault.masterKey, registration, `${user} (Coffer vault)`),
    onSettled: async () => {
      await queryClient.invalidateQueries({ queryKey: passkeyObjectQueryOptions(api).queryKey });
      await queryClient.invalidateQueries({ queryKey: passkeyListQueryOptions(api, vault).queryKey });
    },
  });
}
