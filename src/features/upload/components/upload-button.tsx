import { useId, useRef, type ChangeEvent } from 'react';
import { namedFromInput, type NamedFile } from '../collect-files';

/** Labelled pickers for files and for a whole folder. */
export function UploadButton({ onFiles }: { onFiles(files: NamedFile[]): void }) {
  const filesId = useId();
  const folderId = useId();
  const folderInput = useRef<HTMLInputElement>(null);

  function change(event: ChangeEvent<HTMLInputElement>) {
    const files = namedFromInput(event.target.files ?? []);
    event.target.value = '';
    if (files.length > 0) onFiles(files);
  }

  return (
    <div className="upload">
      {/* Each input comes before its label, so that only that label shows the focus ring (styles.css). */}
      <input id={filesId} type="file" multiple onChange={change} className="visually-hidden" />
      <label htmlFor={filesId} className="button">
        Upload files
      </label>
      <input
        id={folderId}
        ref={(input) => {
          folderInput.current = input;
          // React does not know the non-standard attribute; every current browser supports it.
          input?.setAttribute('webkitdirectory', '');
        }}
        type="file"
        onChange={change}
        className="visually-hidden"
      />
      <label htmlFor={folderId} className="button secondary">
        Upload folder
      </label>
    </div>
  );
}
