/**
 * Changes the vault passphrase: the same master key is re-wrapped under a new Argon2id key, and only the vault
 * settings object is rewritten, at the next generation; no file changes (files hold the master key's stanzas, SPEC.md
 * section 6). It revokes nothing: the old passphrase with an old copy of the settings still opens the same key (6.1).
 *
 * What keeps the vault safe if something fails:
 * - the new object is checked before it is written: a fresh worker unlocks it with the new passphrase and must get
 *   exactly the key this session holds, so a bad object is never stored;
 * - an S3 PUT replaces an object whole or not at all, so a failed write leaves the old object, and the old
 *   passphrase, working;
 * - the write is conditional (If-Match on the ETag read at the start) where the S3 supports it (AWS S3, RGW), so a
 *   change made meanwhile in another browser is never overwritten; s3rver ignores the condition (last writer wins,
 *   and each writer's object is complete and valid for its own new passphrase);
 * - the object is read back and compared byte for byte before the change is reported done.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { inspectVault, type VaultKeys } from '../../../format';
import type { ApiClient } from '../../../transfer/api-client';
import { getObjectWithEtag, putObject, replaceObjectIfUnchanged } from '../../../transfer/objects';
import { changeVaultPassphraseInWorker, vaultOpensToInWorker } from '../../../transfer/workers';
import { useLocalOwner } from '../../../session/api/get-me';
import { useApi, useVault, vaultKeys } from '../../../session/session-context';
import { VAULT_SETTINGS_KEY, vaultSettingsQueryOptions } from '../../../session/vault-settings';
import { generationScope, rememberedGeneration, rememberGeneration } from '../../../session/settings-generation';

/** A change that was refused or could not complete; `message` says what happened and what still holds. */
export class PassphraseChangeError extends Error {
  override name = 'PassphraseChangeError';
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * Rewrites the vault settings object for a new passphrase and returns the new object's bytes. `owner`: whose browser
 * memory of generations to use (the new object's generation is above the newest this browser saw).
 */
export async function changePassphrase(
  api: ApiClient,
  keys: CryptoKey | VaultKeys,
  currentPassphrase: string,
  newPassphrase: string,
  owner: string,
): Promise<Uint8Array<ArrayBuffer>> {
  if (currentPassphrase === newPassphrase) throw new PassphraseChangeError('The new passphrase is the same as the current one.');
  const current = await getObjectWithEtag(api, VAULT_SETTINGS_KEY);
  if (!current) throw new PassphraseChangeError('The vault settings object is missing from the storage. Nothing was written.');
  const scope = generationScope(owner, inspectVault(current.bytes).vaultId);
  const next = await changeVaultPassphraseInWorker(current.bytes, currentPassphrase, newPassphrase, rememberedGeneration(localStorage, scope));
  if (!next) throw new PassphraseChangeError('The current passphrase is wrong: nothing was changed.');
  const bytes = new Uint8Array(next);
  if (!(await vaultOpensToInWorker(bytes, newPassphrase, keys))) {
    throw new PassphraseChangeError(
      'The vault settings in the storage do not belong to the vault that is open here (changed elsewhere?). Nothing was written: lock and unlock, then try again.',
    );
  }
  const body = new Blob([bytes]);
  let outcome: 'ok' | 'conflict';
  try {
    if (current.etag === null) {
      // The bucket's CORS rule hides ETag: no conditional write is possible. The PUT is still all or nothing.
      await putObject(api, VAULT_SETTINGS_KEY, body);
      outcome = 'ok';
    } else {
      outcome = await replaceObjectIfUnchanged(api, VAULT_SETTINGS_KEY, body, current.etag);
    }
  } catch (error) {
    // The request may have reached S3 before the connection broke: find out which object the bucket holds now.
    const reason = error instanceof Error ? error.message : String(error);
    const now = await getObjectWithEtag(api, VAULT_SETTINGS_KEY).catch(() => undefined);
    if (now && sameBytes(now.bytes, bytes)) return remembered(bytes, scope);
    if (now && sameBytes(now.bytes, current.bytes)) {
      throw new PassphraseChangeError(`Could not store the new settings (${reason}). Nothing changed: your current passphrase still works.`);
    }
    throw new PassphraseChangeError(
      `Could not store the new settings (${reason}), and could not check what the storage holds. If the new passphrase does not unlock the vault, the current one does.`,
    );
  }
  if (outcome === 'conflict') {
    throw new PassphraseChangeError(
      'The vault settings changed in another browser while you were changing the passphrase. Nothing was written: lock and unlock, then try again.',
    );
  }
  const stored = await getObjectWithEtag(api, VAULT_SETTINGS_KEY);
  if (!stored || !sameBytes(stored.bytes, bytes)) {
    throw new PassphraseChangeError(
      'The new settings were written but read back differently (another browser wrote at the same moment?). Try your new passphrase first, then the old one.',
    );
  }
  return remembered(bytes, scope);
}

/** Remembers a stored object's generation in this browser (a copy older than it, restored later, is noticed). */
function remembered(bytes: Uint8Array<ArrayBuffer>, scope: string): Uint8Array<ArrayBuffer> {
  rememberGeneration(localStorage, scope, inspectVault(bytes).generation);
  return bytes;
}

/** What the change form submits. */
export interface PassphraseChange {
  currentPassphrase: string;
  newPassphrase: string;
}

/** Mutation: change the passphrase; the cached settings object becomes the new one (for export and unlock). */
export function useChangePassphrase() {
  const api = useApi();
  const vault = useVault();
  const owner = useLocalOwner();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ currentPassphrase, newPassphrase }: PassphraseChange) => changePassphrase(api, vaultKeys(vault), currentPassphrase, newPassphrase, owner),
    onSuccess: (bytes) => queryClient.setQueryData(vaultSettingsQueryOptions(api).queryKey, bytes),
  });
}
