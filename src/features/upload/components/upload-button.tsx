import { useId, type ChangeEvent } from 'react';

/** A labelled file picker for one or more files. */
export function UploadButton({ onFiles, busy }: { onFiles(files: File[]): void; busy: boolean }) {
  const id = useId();
  function change(event: ChangeEvent<HTMLInputElement>) {
    const files = Array.from(event.target.files ?? []);
    event.target.value = '';
    if (files.length > 0) onFiles(files);
  }
  return (
    <div className="upload">
      <label htmlFor={id} className="button">
        {busy ? 'Encrypting and uploading…' : 'Upload files'}
      </label>
      <input id={id} type="file" multiple onChange={change} disabled={busy} className="visually-hidden" />
    </div>
  );
}
