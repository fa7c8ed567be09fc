import { afterEach, describe, expect, it, vi } from 'vitest';
import { canSaveWithPicker, pickSaveFile } from './save-to-file';

/** The page's window with a given save picker (the browser's own cannot run here). */
function withPicker(picker: ((options: { suggestedName?: string }) => Promise<unknown>) | undefined) {
  vi.stubGlobal('window', picker ? { showSaveFilePicker: picker } : {});
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('pickSaveFile', () => {
  it('offers the picker only where the browser has it', () => {
    withPicker(undefined);
    expect(canSaveWithPicker()).toBe(false);
    withPicker(async () => ({}));
    expect(canSaveWithPicker()).toBe(true);
  });

  it('suggests the file name without its folders', async () => {
    const picker = vi.fn(async () => ({ kind: 'file' }));
    withPicker(picker);
    await expect(pickSaveFile('photos/2024/beach.jpg')).resolves.toEqual({ kind: 'file' });
    expect(picker).toHaveBeenCalledWith({ suggestedName: 'beach.jpg' });
  });

  it('takes a cancelled picker as no choice, not as an error', async () => {
    withPicker(async () => Promise.reject(new DOMException('The user aborted a request.', 'AbortError')));
    await expect(pickSaveFile('a.bin')).resolves.toBeNull();
  });

  it('passes on any other failure (e.g. the click is too long ago)', async () => {
    withPicker(async () => Promise.reject(new DOMException('Must be handling a user gesture', 'SecurityError')));
    await expect(pickSaveFile('a.bin')).rejects.toMatchObject({ name: 'SecurityError' });
  });
});
