/**
 * Opening a vault file object as the vault shows it (SPEC section 11): its header authenticated, and the sealed name
 * its key carries checked against that header before anything of the payload is read or released.
 */
import { equalBytes } from './bytes';
import { openHeader, type OpenedFile } from './decrypt';
import { FormatError } from './errors';
import { fileObjectParts, headerCommitment, openName, type SealedName } from './names';
import type { FileMetadata, VaultKeys } from './types';

/** A vault file object whose header authenticated and whose key's name belongs to it. */
export interface OpenedFileObject {
  file: OpenedFile;
  /** What the vault shows: the key's name (a rename changes it), with the size, type and date both agree on. */
  metadata: FileMetadata;
}

/**
 * Checks that a sealed name belongs to the object whose authenticated header is `header` (exact bytes, already opened)
 * with metadata `metadata`: an n2 name's header commitment is that header's, and for every name the size, type and
 * date are the header's (only the name may differ: a rename). Throws 'name-mismatch' otherwise.
 */
export function checkNameBinding(name: SealedName, header: Uint8Array, metadata: FileMetadata): void {
  const mismatch = (detail: string) => new FormatError('name-mismatch', detail);
  if (name.headerCommitment && !equalBytes(name.headerCommitment, headerCommitment(header))) {
    throw mismatch('another header is stored under it');
  }
  const listed = name.metadata;
  if (listed.size !== metadata.size) throw mismatch(`the name says ${listed.size} bytes, the header ${metadata.size}`);
  if (listed.type !== metadata.type) throw mismatch(`the name says type “${listed.type}”, the header “${metadata.type}”`);
  if (listed.modified !== metadata.modified) {
    throw mismatch(`the name says modified ${iso(listed.modified)}, the header ${iso(metadata.modified)}`);
  }
}

function iso(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
}

/**
 * A sealed name opened with the vault's keys: the master key, then (during an unfinished key rotation, section 6.2) the
 * previous one, whose names files not yet re-wrapped still carry.
 */
async function openNameWithKeys(keys: VaultKeys, id: string, token: string): Promise<SealedName> {
  try {
    return await openName(keys.masterKey, id, token);
  } catch (error) {
    if (keys.previousMasterKey === undefined || !(error instanceof FormatError) || error.code !== 'wrong-key') throw error;
    return openName(keys.previousMasterKey, id, token);
  }
}

/**
 * Authenticates the header of the vault object at `key` (relative to the user's space: `files/<id>.<token>`) with the
 * vault's keys, then the key's sealed name against it. A key without a token, or with one of a version this
 * reader does not know, shows the header's metadata; a token that does not open, or that belongs to another object,
 * is refused ('name-mismatch'). Other errors are the header's (openHeader).
 */
export async function openFileObject(keys: VaultKeys, key: string, header: Uint8Array): Promise<OpenedFileObject> {
  const file = await openHeader(header, { type: 'vault', ...keys });
  const { id, token } = fileObjectParts(key);
  if (token === undefined) return { file, metadata: file.metadata };
  let name: SealedName;
  try {
    name = await openNameWithKeys(keys, id, token);
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    if (error.code === 'unsupported-version') return { file, metadata: file.metadata };
    throw new FormatError('name-mismatch', 'it does not open for this object (damaged, or moved here from another one)');
  }
  const exact = header.subarray(0, file.headerLength);
  checkNameBinding(name, exact, file.metadata);
  return { file, metadata: { ...file.metadata, name: name.metadata.name } };
}
