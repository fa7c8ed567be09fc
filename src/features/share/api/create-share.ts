/**
 * Shares one file: the owner's browser opens the file's header with the vault key to learn the file's own key, then
 * asks the endpoint for a share record (or, in direct mode, for one long-lived GET URL) and builds the link. The key
 * (or, with a password, the key wrapped under Argon2id of the password) goes only into the link's fragment, with the
 * file's current name sealed under that key: the header keeps the name given at upload, and the file may have been
 * renamed since (format SPEC section 10).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { openFileObject, sealShareName } from '../../../format';
import type { ApiClient } from '../../../transfer/api-client';
import { readStoredHeader } from '../../../transfer/read-header';
import { wrapKeyWithPasswordInWorker } from '../../../transfer/workers';
import { baseName } from '../../../session/files/file-tree';
import { useApi, useVault, vaultKeys, type UnlockedVault } from '../../../session/session-context';
import { formatShareLink, type ShareSecret } from '../share-link';
import { sharesQueryKey } from './list-shares';

/** What the owner chose in the share dialog. */
export interface ShareOptions {
  /** Seconds until the link stops working. */
  expiresIn: number;
  /** Most downloads; undefined: no limit (always so in direct mode). */
  maxDownloads?: number;
  /** A password the recipient must type; the link alone then opens nothing. */
  password?: string;
  /** No record kept by the endpoint: the link carries a pre-signed URL (at most 7 days, no limit, no revocation). */
  direct: boolean;
}

/** A link made for the owner to pass on, with what it allows (as the endpoint recorded it). */
export interface CreatedShare {
  link: string;
  expiresAt: string;
  /** Most downloads; null: no limit. */
  maxDownloads: number | null;
  /** Whether the recipient needs a password. */
  password: boolean;
  direct: boolean;
}

/**
 * Makes a share link for the object at `key`, whose name in the vault (folders and all) is `name`; the link carries
 * only its last segment, never the folders.
 */
export async function createShare(api: ApiClient, vault: UnlockedVault, key: string, name: string, options: ShareOptions, origin: string): Promise<CreatedShare> {
  const header = await readStoredHeader(api, key);
  // The key's name checked against the header: a link never carries another file's bytes under this file's name.
  const { file: opened } = await openFileObject(vaultKeys(vault), key, header);
  const fileKey = opened.fileKey;
  try {
    const sealedName = await sealShareName(fileKey, { ...opened.metadata, name: baseName(name) });
    const secret: ShareSecret =
      options.password === undefined ? { kind: 'key', fileKey } : { kind: 'password', wrapped: await wrapKeyWithPasswordInWorker(fileKey, options.password) };
    if (options.direct) {
      const signed = await api.shares.direct({ key, expiresIn: options.expiresIn });
      const link = formatShareLink(origin, { kind: 'direct', url: signed.url, secret, name: sealedName });
      return { link, expiresAt: signed.expiresAt, maxDownloads: null, password: secret.kind === 'password', direct: true };
    }
    const share = await api.shares.create({
      key,
      expiresIn: options.expiresIn,
      headerLength: opened.headerLength,
      ...(options.maxDownloads === undefined ? {} : { maxDownloads: options.maxDownloads }),
    });
    const link = formatShareLink(origin, { kind: 'stored', id: share.id, secret, name: sealedName });
    return { link, expiresAt: share.expiresAt, maxDownloads: share.maxDownloads, password: secret.kind === 'password', direct: false };
  } finally {
    // The link text holds the key now; drop the bytes.
    fileKey.fill(0);
  }
}

/** Mutation: share a file; refreshes the share list. */
export function useCreateShare() {
  const api = useApi();
  const vault = useVault();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ key, name, options }: { key: string; name: string; options: ShareOptions }) => createShare(api, vault, key, name, options, window.location.origin),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sharesQueryKey }),
  });
}
