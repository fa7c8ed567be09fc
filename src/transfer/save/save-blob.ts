/**
 * Hands a decrypted Blob to the browser as a download under the given name. The blob: URL is typed
 * application/octet-stream whatever the file is, so that it is only ever a download: a blob: URL has the app's origin
 * and no headers, and one of an HTML or SVG file, were it ever opened as a page, would run its script there.
 */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(new Blob([blob], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name.split('/').pop() || 'download';
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers; a minute is ample (FileSaver.js waits 40 s).
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
