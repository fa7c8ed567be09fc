/**
 * Opening a file for preview: its header fetched and authenticated, then a reader of plaintext ranges over its
 * ciphertext. Which viewer fits is decided from the MIME type in the authenticated metadata (and, for files stored
 * without one, the name's extension), never by sniffing the plaintext.
 */
import { isFormatError, objectSize, type FileMetadata } from '../../../format';
import type { ApiClient } from '../../../transfer/api-client';
import { createRangeReader, type PlainRangeReader } from '../../../transfer/download/range-reader';
import { readStoredHeader } from '../../../transfer/read-header';
import { openStoredFile } from '../../../transfer/stored-file';
import { vaultKeys, type UnlockedVault } from '../../../session/session-context';
import { AUDIO_TYPES, RASTER_IMAGE_TYPES, VIDEO_TYPES } from '../inert-url';

/**
 * The viewers a preview can use. 'svg' is shown as a picture drawn from it (never as its own document), 'text' as
 * characters (HTML and XML included: their markup is shown, not parsed).
 */
export type PreviewKind = 'image' | 'svg' | 'pdf' | 'text' | 'audio' | 'video' | 'none';

/** A file open for preview. */
export interface OpenedPreview {
  metadata: FileMetadata;
  reader: PlainRangeReader;
}

/** Raised when a file's bytes in storage are not what was written: its size or a chunk does not match. */
export class ChangedInStorageError extends Error {
  constructor(detail: string) {
    super(`This file was changed in storage (${detail}): it could not be authenticated, so none of it is shown.`);
    this.name = 'ChangedInStorageError';
  }
}

/** Textual types beyond text/* (and beyond …+json and …+xml). */
const TEXT_TYPES = new Set(['application/json', 'application/xml', 'application/javascript', 'application/x-sh', 'application/toml', 'application/yaml', 'application/x-yaml', 'application/sql']);
/** Types by extension, for files stored without a type (browsers give none for .md, for example). */
const BY_EXTENSION: Record<string, string> = {
  txt: 'text/plain', md: 'text/markdown', csv: 'text/csv', log: 'text/plain', json: 'application/json', yaml: 'application/yaml',
  yml: 'application/yaml', toml: 'application/toml', xml: 'application/xml', html: 'text/html', htm: 'text/html',
  xhtml: 'application/xhtml+xml', pdf: 'application/pdf', png: 'image/png',
  jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif', svg: 'image/svg+xml',
  webm: 'video/webm', mp4: 'video/mp4', m4v: 'video/mp4', ogv: 'video/ogg', mp3: 'audio/mpeg', m4a: 'audio/mp4', ogg: 'audio/ogg',
  oga: 'audio/ogg', opus: 'audio/ogg', wav: 'audio/wav', flac: 'audio/flac',
};

/** The file's MIME type without parameters, lower-case; from the name's extension when it has none. */
export function effectiveType(metadata: Pick<FileMetadata, 'type' | 'name'>): string {
  const type = metadata.type.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== '' && type !== 'application/octet-stream') return type;
  const extension = /\.([a-z0-9]+)$/i.exec(metadata.name)?.[1]?.toLowerCase();
  return (extension && BY_EXTENSION[extension]) || type;
}

/**
 * Which viewer a MIME type gets. Images, audio and video only of the exact types that are inert as documents
 * (inert-url.ts): those are the only ones shown from blob: URLs.
 */
export function previewKind(type: string): PreviewKind {
  if (RASTER_IMAGE_TYPES.has(type)) return 'image';
  if (type === 'image/svg+xml') return 'svg';
  if (type === 'application/pdf') return 'pdf';
  if (type.startsWith('text/') || TEXT_TYPES.has(type) || type.endsWith('+json') || type.endsWith('+xml')) return 'text';
  if (AUDIO_TYPES.has(type)) return 'audio';
  if (VIDEO_TYPES.has(type)) return 'video';
  return 'none';
}

/** Media types this browser can play, by type: asked once per type (rows of a long list ask again and again). */
const playable = new Map<string, boolean>();

/**
 * Whether the preview can show a file of this type and name: a viewer exists for it and, for audio and video, this
 * browser plays it. The file list offers Preview only then. (A file too large to show still gets the preview, which
 * says so.)
 */
export function canPreview(metadata: Pick<FileMetadata, 'type' | 'name'>): boolean {
  const type = effectiveType(metadata);
  const kind = previewKind(type);
  if (kind !== 'audio' && kind !== 'video') return kind !== 'none';
  let plays = playable.get(type);
  if (plays === undefined) {
    plays = document.createElement(kind).canPlayType(type) !== '';
    playable.set(type, plays);
  }
  return plays;
}

/**
 * Fetches and authenticates the header of object `key`, checks that the stored object has the size the header
 * declares (`storedSize`, from the listing), and returns a range reader over it.
 */
export async function openPreview(api: ApiClient, vault: UnlockedVault, key: string, storedSize: number): Promise<OpenedPreview> {
  const header = await readStoredHeader(api, key);
  // The key's name checked against the authenticated header: another file's bytes under this name show nothing.
  const metadata = await openStoredFile(vault.pool, vaultKeys(vault), key, header).catch((error: unknown) => {
    throw isFormatError(error, 'name-mismatch') ? new ChangedInStorageError(error.message) : error;
  });
  const expected = objectSize(header.length, metadata.size);
  if (storedSize !== expected) throw new ChangedInStorageError(`it is ${storedSize} bytes, its header says ${expected}`);
  const reader = createRangeReader({
    signUrl: async () => (await api.presign({ method: 'GET', key })).url,
    header,
    plainSize: metadata.size,
    pool: vault.pool,
    key: vaultKeys(vault),
  });
  return { metadata, reader };
}
