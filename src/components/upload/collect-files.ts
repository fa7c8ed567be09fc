/**
 * Turns what the user picked or dropped into files with their vault names: folder structure is kept in the name
 * ("holiday/day 1/beach.jpg"), which is encrypted like the rest of the metadata.
 */

/** A file and the name (with folders) it gets in the vault. */
export interface NamedFile {
  file: File;
  name: string;
}

/** Files from an <input type=file> (with or without webkitdirectory). */
export function namedFromInput(files: FileList | File[]): NamedFile[] {
  return Array.from(files, (file) => ({ file, name: file.webkitRelativePath || file.name }));
}

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

async function walk(entry: FileSystemEntry, out: NamedFile[]): Promise<void> {
  if (entry.isFile) {
    out.push({ file: await fileOf(entry as FileSystemFileEntry), name: entry.fullPath.replace(/^\/+/, '') });
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries answers in batches (about 100 in Chromium) until it returns none.
  for (let batch = await readEntries(reader); batch.length > 0; batch = await readEntries(reader)) {
    for (const child of batch) await walk(child, out);
  }
}

/** Files and whole folders from a drop. */
export async function namedFromDrop(data: DataTransfer): Promise<NamedFile[]> {
  const entries = Array.from(data.items)
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry())
    .filter((entry): entry is FileSystemEntry => entry !== null);
  if (entries.length === 0) return namedFromInput(data.files);
  const out: NamedFile[] = [];
  for (const entry of entries) await walk(entry, out);
  return out;
}
