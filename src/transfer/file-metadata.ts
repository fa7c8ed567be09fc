import type { FileMetadata } from '../format';

/** What a file's header and sealed name say of it: its name in the vault, its type, size and modification time. */
export function fileMetadata(file: File, name: string): FileMetadata {
  return { name, type: file.type || 'application/octet-stream', size: file.size, modified: file.lastModified };
}
