/**
 * Opening a vault file as it is listed: its header read and authenticated, and the name its object key carries checked
 * against that header in a crypto worker (format SPEC section 11) before anything of the file is fetched or released.
 * A name that belongs to another file rejects with the format's FormatError 'name-mismatch' (it crosses the worker
 * boundary with its code: worker-errors.ts).
 */
import type { FileMetadata, VaultKeys } from '../format';
import type { RenamedFile } from './crypto.worker';
import type { CryptoPool } from './workers';

/**
 * Authenticates `header`, the exact header bytes of the vault object at `key`, and checks the key's sealed name
 * against it: resolves the metadata the vault shows (the key's name with the header's size, type and date); rejects
 * with 'name-mismatch' when the name belongs to another file, and with the format's errors for the header.
 */
export function openStoredFile(pool: CryptoPool, keys: VaultKeys, key: string, header: Uint8Array): Promise<FileMetadata> {
  return pool.run((w) => w.openStoredFile(header, keys, key));
}

/**
 * Checks the name of the vault object at `key` against its exact header `header` (as openStoredFile), then seals the
 * header's metadata under `name` into a new token for the same object. Rejects with 'name-mismatch' when the old
 * name belongs to another file: a rename must not carry a moved name on as one bound to this object.
 */
export function renameStoredFile(pool: CryptoPool, keys: VaultKeys, key: string, header: Uint8Array, name: string): Promise<RenamedFile> {
  return pool.run((w) => w.renameObject(header, keys, key, name));
}
