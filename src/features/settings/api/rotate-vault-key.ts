/**
 * Starts and finishes a rotation of the vault key (format SPEC section 6.2). Starting writes a settings object with a
 * new master key and the current one kept as its previous key, in one write; finishing drops the previous key once
 * no file needs it. Both are written as the passphrase change is (change-passphrase.ts): the new object is proven
 * before it is written, the write is conditional on the object read (If-Match where the S3 honours it, and a fresh
 * read just before it everywhere), and the object is read back.
 */
import { inspectVault, type VaultKeys } from '../../../format';
import type { ApiClient } from '../../../transfer/api-client';
import { getObjectWithEtag, putObject, replaceObjectIfUnchanged, type VersionedObject } from '../../../transfer/objects';
import type { RotationKeys } from '../../../transfer/rotation.worker';
import { rotateVaultKeyInWorker, vaultOpensToInWorker } from '../../../transfer/workers';
import { VAULT_SETTINGS_KEY } from '../../../session/vault-settings';
import { generationScope, rememberedGeneration, rememberGeneration } from '../../../session/settings-generation';

/** A rotation step that was refused or could not complete; `message` says what happened and what still holds. */
export class RotationError extends Error {
  override name = 'RotationError';
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

const CHANGED_ELSEWHERE = 'The vault settings changed in another browser meanwhile. Nothing was written: lock and unlock, then try again.';

/**
 * Replaces the settings object `current` (as read, with its ETag) by `bytes`, only if it is still `current`; throws a
 * RotationError saying what the bucket holds when that cannot be done.
 */
export async function replaceSettings(api: ApiClient, current: VersionedObject, bytes: Uint8Array<ArrayBuffer>): Promise<void> {
  // A fresh read first: an S3 that ignores If-Match (s3rver) would otherwise overwrite a change made since.
  const now = await getObjectWithEtag(api, VAULT_SETTINGS_KEY);
  if (!now || !sameBytes(now.bytes, current.bytes)) throw new RotationError(CHANGED_ELSEWHERE);
  const body = new Blob([bytes]);
  let outcome: 'ok' | 'conflict';
  try {
    outcome = current.etag === null ? (await putObject(api, VAULT_SETTINGS_KEY, body), 'ok') : await replaceObjectIfUnchanged(api, VAULT_SETTINGS_KEY, body, current.etag);
  } catch (error) {
    // The request may have reached S3 before the connection broke: find out which object the bucket holds now.
    const reason = error instanceof Error ? error.message : String(error);
    const after = await getObjectWithEtag(api, VAULT_SETTINGS_KEY).catch(() => undefined);
    if (after && sameBytes(after.bytes, bytes)) return;
    if (after && sameBytes(after.bytes, current.bytes)) throw new RotationError(`Could not store the new vault settings (${reason}). Nothing changed.`);
    throw new RotationError(`Could not store the new vault settings (${reason}), and could not check what the storage holds. Lock and unlock to see.`);
  }
  if (outcome === 'conflict') throw new RotationError(CHANGED_ELSEWHERE);
  const stored = await getObjectWithEtag(api, VAULT_SETTINGS_KEY);
  if (!stored || !sameBytes(stored.bytes, bytes)) {
    throw new RotationError('The new vault settings were written but read back differently (another browser wrote at the same moment?). Lock and unlock to see.');
  }
}

/**
 * Starts a rotation for the open vault (its keys `keys`): returns the new settings object and the rotation's keys.
 * `owner`: whose memory of generations to use and update (endpoint and user).
 */
export async function startRotation(api: ApiClient, keys: VaultKeys, passphrase: string, owner: string): Promise<{ settings: Uint8Array<ArrayBuffer>; keys: RotationKeys }> {
  if (keys.previousMasterKey !== undefined) throw new RotationError('A key rotation is already under way in this vault: it goes on while the vault is open.');
  const current = await getObjectWithEtag(api, VAULT_SETTINGS_KEY);
  if (!current) throw new RotationError('The vault settings object is missing from the storage. Nothing was written.');
  const facts = inspectVault(current.bytes);
  if (facts.rotating) throw new RotationError('A key rotation is already under way (started in another browser?). Lock and unlock: it goes on from there.');
  const scope = generationScope(owner, facts.vaultId);
  const next = await rotateVaultKeyInWorker(current.bytes, passphrase, rememberedGeneration(localStorage, scope));
  if (!next) throw new RotationError('The passphrase is wrong: nothing was changed.');
  const bytes = new Uint8Array(next.settings);
  // Proven before it is written: in a fresh worker, the new object opens with the passphrase to the new key, and its
  // previous key is the key this session holds (else the bucket holds another vault's settings than the one open).
  const rotation = { masterKey: next.masterKey, previousMasterKey: next.previousMasterKey };
  if (!(await vaultOpensToInWorker(bytes, passphrase, { masterKey: rotation.masterKey, previousMasterKey: keys.masterKey }))) {
    throw new RotationError('The vault settings in the storage do not belong to the vault that is open here (changed elsewhere?). Nothing was written: lock and unlock, then try again.');
  }
  await replaceSettings(api, current, bytes);
  rememberGeneration(localStorage, scope, inspectVault(bytes).generation);
  return { settings: bytes, keys: rotation };
}
