/** rewrapHeader: the same file for other recipients (SPEC section 13) - a new header, the payload unchanged. */
import { assembleHeader, parseHeader } from './header';
import { deriveFileKeys, systemRandom, type Random } from './keys';
import { openHeader } from './decrypt';
import { wrapFileKey } from './stanzas';
import type { FileMetadata, Identity, Recipient } from './types';

/** A re-wrapped header, the length of the header it replaces (where the old object's payload starts), and their metadata. */
export interface Rewrapped {
  header: Uint8Array<ArrayBuffer>;
  oldHeaderLength: number;
  /** The metadata both headers carry (sealed once, copied byte for byte). */
  metadata: FileMetadata;
}

/**
 * Opens `header` with `identity` and returns a header with the same file key, file salt and sealed metadata (copied
 * byte for byte) whose stanzas are made anew for `recipients`, with its own length and MAC. The payload that followed
 * the old header follows the new one unchanged: it depends only on the file key and salt.
 */
export async function rewrapHeader(header: Uint8Array, identity: Identity, recipients: Recipient[], random: Random = systemRandom): Promise<Rewrapped> {
  if (recipients.length === 0) throw new RangeError('format: at least one recipient is needed');
  const opened = await openHeader(header, identity);
  const parsed = parseHeader(header);
  const keys = await deriveFileKeys(opened.fileKey, parsed.salt);
  const stanzas = [];
  for (const recipient of recipients) stanzas.push(await wrapFileKey(recipient, opened.fileKey, random));
  const rewrapped = await assembleHeader(keys, parsed.salt, stanzas, parsed.sealedMetadata);
  return { header: rewrapped, oldHeaderLength: opened.headerLength, metadata: opened.metadata };
}
