/**
 * Saves a stream of plaintext straight into a file the user picks, with the File System Access API where the browser
 * offers it (Chromium): the bytes go from the stream to disk as they come, in constant memory. The browser writes to
 * a temporary file and puts it in place only when the writable closes; a failed or tampered download aborts the
 * writable, so nothing of it is committed - never a silently truncated file.
 */

/** The part of the File System Access API this uses (not in TypeScript's DOM library yet). */
interface SaveFilePicker {
  showSaveFilePicker(options?: { suggestedName?: string; id?: string }): Promise<FileSystemFileHandle>;
}

/** A file handle that may be able to remove its file (Chromium), for a new file that received nothing. */
type RemovableHandle = FileSystemFileHandle & { remove?: () => Promise<void> };

/** True where the browser offers a save picker that writes through a stream. */
export function canSaveWithPicker(): boolean {
  return typeof (window as unknown as Partial<SaveFilePicker>).showSaveFilePicker === 'function';
}

/**
 * Asks the user where to save `name`. Resolves null when they cancel the picker (not an error); rejects with the
 * browser's error otherwise (e.g. a SecurityError once the click that asked for it is too long ago).
 */
export async function pickSaveFile(name: string): Promise<FileSystemFileHandle | null> {
  try {
    return await (window as unknown as SaveFilePicker).showSaveFilePicker({ suggestedName: name.split('/').pop() || 'download' });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') return null;
    throw error;
  }
}

/**
 * Writes `stream` into the file of `handle`; `done` must settle once every byte authenticated (it rejects if one did
 * not). Commits the file only after both the stream ended and `done` resolved; otherwise aborts the writable, so the
 * file keeps what it held before (a file the picker just created, still empty, is removed where the browser can).
 */
export async function saveToFile(handle: FileSystemFileHandle, stream: ReadableStream<Uint8Array>, done: Promise<void>): Promise<void> {
  const existing = await handle.getFile();
  const writable = await handle.createWritable();
  try {
    await stream.pipeTo(writable, { preventClose: true });
    await done;
  } catch (error) {
    // pipeTo aborted the writable already if the stream failed; abort again for a failure after the last byte.
    await writable.abort(error).catch(() => undefined);
    if (existing.size === 0) await (handle as RemovableHandle).remove?.().catch(() => undefined);
    throw error;
  }
  await writable.close();
}
