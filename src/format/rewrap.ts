/**
 * rewrapHeader: the same file for other recipients (SPEC section 13) - a new header, the payload unchanged; and
 * replaceVaultStanzas: the same file for a vault's new master key (a key rotation).
 */
import { internalError } from './errors';
import { assembleHeader, parseHeader } from './header';
import { deriveFileKeys, systemRandom, type Random } from './keys';
import { openHeader } from './decrypt';
import { unwrapFileKey, wrapFileKey, type RawStanza } from './stanzas';
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

/**
 * Re-wraps a vault file for a new master key (a key rotation, SPEC sections 6.2 and 13): every vault stanza that opens
 * with `from` becomes a vault stanza for `to`, in its place; every other stanza, the salt and the sealed metadata are
 * copied byte for byte; the MAC is new. Vault stanzas have one length, so the header keeps its length (share records
 * that bound a header read by it stay right). Rejects like openHeader when `from` does not open the header.
 */
export async function replaceVaultStanzas(header: Uint8Array, from: CryptoKey, to: CryptoKey, random: Random = systemRandom): Promise<Rewrapped> {
  const opened = await openHeader(header, { type: 'vault', masterKey: from });
  const parsed = parseHeader(header);
  const keys = await deriveFileKeys(opened.fileKey, parsed.salt);
  const stanzas: RawStanza[] = [];
  for (const [i, stanza] of parsed.stanzas.entries()) {
    const raw = parsed.rawStanzas[i];
    if (raw === undefined) throw internalError('stanza without its raw bytes');
    const ours = stanza.type === 'vault' && (await unwrapFileKey(stanza, { type: 'vault', masterKey: from })) !== undefined;
    stanzas.push(ours ? await wrapFileKey({ type: 'vault', masterKey: to }, opened.fileKey, random) : raw);
  }
  const rewrapped = await assembleHeader(keys, parsed.salt, stanzas, parsed.sealedMetadata);
  if (rewrapped.length !== opened.headerLength) throw internalError('a re-wrapped vault header changed length');
  return { header: rewrapped, oldHeaderLength: opened.headerLength, metadata: opened.metadata };
}
