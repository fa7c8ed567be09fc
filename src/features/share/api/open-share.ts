/**
 * The recipient's side of a share link, with no account and no token: learn whether the link still works, turn the
 * fragment into the file key (asking for the password when the link has one), read and authenticate the header for
 * the file's name and size, then download with streaming, chunk-authenticated decryption.
 *
 * Counting: reading the header uses a URL signed for the header's byte range only and counts nothing; pressing
 * Download counts one download and gets one URL, valid for a few minutes, that serves the whole download and its
 * Range resumes.
 */
import { isFormatError, openHeader, withShareName, type FileMetadata } from '../../../format';
import { createRangeReader } from '../../../transfer/download/range-reader';
import { readObjectHeader, readSignedRange, urlRangeReader } from '../../../transfer/read-header';
import { createShareClient, ShareGoneError } from '../../../transfer/share-client';
import { startCryptoPool, unwrapKeyWithPasswordInWorker } from '../../../transfer/workers';
import { saveDecrypted } from '../../../transfer/save/save-decrypted';
import { ShareLinkError, type ShareLink } from '../share-link';

/** Whether a link works now: when it stops, and how many downloads are left (null: no limit or unknown). */
export interface ShareState {
  expiresAt: string;
  downloadsLeft: number | null;
}

/** A file whose header authenticated under the link's key. */
export interface OpenedShare {
  fileKey: Uint8Array;
  header: Uint8Array;
  metadata: FileMetadata;
}

const shares = () => createShareClient(window.location.origin);

/** A download that outlasted the one URL it was given (a few minutes; a direct link's own expiry). */
export class DownloadWindowError extends Error {
  override name = 'DownloadWindowError';
  constructor() {
    super('The download took longer than its link allows: open the link again to start over.');
  }
}

/** What is left of the link after a counted download: downloads still allowed (null: no limit, or a direct link). */
export interface DownloadedShare {
  downloadsLeft: number | null;
}

/** When a pre-signed URL stops working, from its X-Amz-Date and X-Amz-Expires. */
export function presignedExpiry(url: string): string | undefined {
  const params = new URL(url).searchParams;
  const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(params.get('X-Amz-Date') ?? '');
  const seconds = Number(params.get('X-Amz-Expires'));
  if (date === null || !Number.isSafeInteger(seconds)) return undefined;
  const [, y, mo, d, h, mi, s] = date.map(Number) as [number, number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s) + seconds * 1000).toISOString();
}

/** The link's state; throws ShareGoneError when it ended (a direct link: when its URL expired). */
export async function shareState(link: ShareLink): Promise<ShareState> {
  if (link.kind === 'stored') return shares().state(link.id);
  const expiresAt = presignedExpiry(link.url) ?? new Date(8.64e15).toISOString();
  if (Date.parse(expiresAt) <= Date.now()) {
    throw new ShareGoneError({ error: { code: 'share_expired', message: 'This link has expired', endedAt: expiresAt } });
  }
  return { expiresAt, downloadsLeft: null };
}

/** The file key from the link; with a password link, null when `password` is wrong. */
export async function shareFileKey(link: ShareLink, password?: string): Promise<Uint8Array | null> {
  if (link.secret.kind === 'key') return link.secret.fileKey;
  return unwrapKeyWithPasswordInWorker(link.secret.wrapped, password ?? '');
}

/**
 * Reads the header (nothing counted) and authenticates it under the file key: name and size. The name shown is the
 * one the link carries (the file's name when the link was made), once it opened under the same key.
 */
export async function openShare(link: ShareLink, fileKey: Uint8Array): Promise<OpenedShare> {
  let header: Uint8Array;
  if (link.kind === 'stored') {
    const signed = await shares().header(link.id);
    header = await readSignedRange(signed.url, signed.headers);
  } else {
    header = await readObjectHeader(urlRangeReader(link.url));
  }
  const opened = await openHeader(header, { type: 'file-key', fileKey });
  const metadata = link.name === undefined ? opened.metadata : await sharedMetadata(fileKey, link.name, opened.metadata);
  return { fileKey, header: header.slice(0, opened.headerLength), metadata };
}

/** The header's metadata under the link's sealed name; a name that does not open makes the link a damaged one. */
async function sharedMetadata(fileKey: Uint8Array, sealedName: string, header: FileMetadata): Promise<FileMetadata> {
  try {
    return await withShareName(fileKey, sealedName, header);
  } catch (error) {
    if (isFormatError(error)) throw new ShareLinkError("its file name was changed, or it belongs to another file's link");
    throw error;
  }
}

/** Downloads and saves the file (one counted download); resolves once every byte authenticated and was handed over. */
export async function downloadShare(link: ShareLink, opened: OpenedShare, onProgress: (released: number) => void): Promise<DownloadedShare> {
  const url = link.kind === 'stored' ? await shares().download(link.id) : { url: link.url, expiresAt: presignedExpiry(link.url), downloadsLeft: null };
  const pool = startCryptoPool();
  try {
    const { stream, done } = createRangeReader({
      async signUrl() {
        if (url.expiresAt !== undefined && Date.parse(url.expiresAt) <= Date.now()) {
          throw new DownloadWindowError();
        }
        return url.url;
      },
      header: opened.header,
      plainSize: opened.metadata.size,
      pool,
      key: opened.fileKey,
    }).readAll({ onProgress });
    await saveDecrypted(stream, done, opened.metadata);
    return { downloadsLeft: url.downloadsLeft };
  } finally {
    pool.terminate();
  }
}
