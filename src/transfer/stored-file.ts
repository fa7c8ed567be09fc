/**
 * Opening a vault file as it is listed: its header read and authenticated, and the name its object key carries checked
 * against that header in a crypto worker (format SPEC section 11) before anything of the file is fetched or released.
 */
import type { FileMetadata } from '../format';
import type { Checked, RenamedFile } from './crypto.worker';
import type { CryptoPool } from './workers';

/**
 * The storage holds another file's bytes under this file's name (or a name moved from another object): nothing of it
 * is shown or saved.
 */
export class NameMismatchError extends Error {
  override name = 'NameMismatchError';
}

/** The value of a check, or a NameMismatchError with its problem. */
function valueOf<T>(result: Checked<T>): T {
  if (!result.ok) throw new NameMismatchError(result.problem);
  return result.value;
}

/**
 * Authenticates `header`, the exact header bytes of the vault object at `key`, and checks the key's sealed name
 * against it: resolves the metadata the vault shows (the key's name with the header's size, type and date); rejects
 * with NameMismatchError when the name belongs to another file, and with the format's errors for the header.
 */
export async function openStoredFile(pool: CryptoPool, masterKey: CryptoKey, key: string, header: Uint8Array): Promise<FileMetadata> {
  return valueOf(await pool.run<Checked<FileMetadata>>((w) => w.openStoredFile(header, masterKey, key)));
}

/**
 * Checks the name of the vault object at `key` against its exact header `header` (as openStoredFile), then seals the
 * header's metadata under `name` into a new token for the same object. Rejects with NameMismatchError when the old
 * name belongs to another file: a rename must not carry a moved name on as one bound to this object.
 */
export async function renameStoredFile(pool: CryptoPool, masterKey: CryptoKey, key: string, header: Uint8Array, name: string): Promise<RenamedFile> {
  return valueOf(await pool.run<Checked<RenamedFile>>((w) => w.renameObject(header, masterKey, key, name)));
}
