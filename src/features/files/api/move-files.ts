/**
 * Rename and move without re-uploading: a file's name lives sealed in its object key (SPEC section 11), so a new name
 * is a new token and a server-side copy of the object to the key carrying it (`POST /v1/objects/move`). The header
 * inside the object keeps the name given at upload; the key's name is the one the vault shows. The new token is bound
 * to the object's id and header (n2), so the header is read first, and the old name is checked against it: a name
 * that belongs to another file is never carried on to a new token.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { fileObjectKey, fileObjectParts } from '../../../format';
import type { ApiClient } from '../../../transfer/api-client';
import { readStoredHeader } from '../../../transfer/read-header';
import { renameStoredFile } from '../../../transfer/stored-file';
import { useApi, useVault, vaultKeys, type UnlockedVault } from '../../../session/session-context';
import { filesQueryOptions, type VaultFile } from '../../../session/files/list-files';

/** A readable file of the vault. */
export type ReadableFile = Extract<VaultFile, { readable: true }>;

/** One file and the full path (folders and name) it is to have. */
export interface Move {
  file: ReadableFile;
  to: string;
}

/** Moves at once: each is a copy inside S3, so a handful in flight keeps the endpoint and S3 busy enough. */
const PARALLEL_MOVES = 4;

/** Moves one file to a new path; resolves the moved file as the list shows it. */
export async function moveFile(api: ApiClient, vault: UnlockedVault, move: Move): Promise<ReadableFile> {
  const header = await readStoredHeader(api, move.file.key);
  const { token, metadata } = await renameStoredFile(vault.pool, vaultKeys(vault), move.file.key, header, move.to);
  if (token === undefined) throw new Error(`“${move.to}” is too long a name for the vault: choose a shorter name or fewer folders`);
  // The same id under a new token: the file keeps its identity, only its sealed name changes.
  const moved = await api.moveObject({ from: move.file.key, to: fileObjectKey(fileObjectParts(move.file.key).id, token) });
  return { ...move.file, key: moved.key, metadata };
}

/** What a batch of moves came to. */
export interface MoveOutcome {
  moved: { from: string; file: ReadableFile }[];
  failed: { move: Move; error: Error }[];
}

/** Runs moves a few at a time; a failure stops nothing else, and each one is reported. */
export async function moveFiles(api: ApiClient, vault: UnlockedVault, moves: readonly Move[]): Promise<MoveOutcome> {
  const outcome: MoveOutcome = { moved: [], failed: [] };
  let next = 0;
  const lane = async () => {
    while (next < moves.length) {
      const move = moves[next++] as Move;
      try {
        outcome.moved.push({ from: move.file.key, file: await moveFile(api, vault, move) });
      } catch (error) {
        outcome.failed.push({ move, error: error instanceof Error ? error : new Error(String(error)) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_MOVES, moves.length) }, lane));
  return outcome;
}

/** Mutation: rename or move files; the list shows the new names as soon as each copy is done, then lists again. */
export function useMoveFiles() {
  const api = useApi();
  const vault = useVault();
  const queryClient = useQueryClient();
  const { queryKey } = filesQueryOptions(api, vault);
  return useMutation({
    mutationFn: (moves: readonly Move[]) => moveFiles(api, vault, moves),
    onSuccess: ({ moved }) => {
      const byOldKey = new Map(moved.map((m) => [m.from, m.file]));
      queryClient.setQueryData(queryKey, (files) => files?.map((file) => byOldKey.get(file.key) ?? file));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey }),
  });
}
