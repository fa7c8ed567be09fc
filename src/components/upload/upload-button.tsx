import { useId, useRef, type ChangeEvent } from 'react';
import { namedFromInput, type NamedFile } from './collect-files';

interface UploadButtonProps {
  onFiles(files: NamedFile[]): void;
  /** The pickers' names, when they do not upload at once (a file request's page: "Add files", then Send). */
  labels?: { files: string; folder: string };
  /** Nothing can be picked (a file request that takes no more files); the page says why. */
  disabled?: boolean;
}

/** Labelled pickers for files and for a whole folder. */
export function UploadButton({ onFiles, labels = { files: 'Upload files', folder: 'Upload folder' }, disabled = false }: UploadButtonProps) {
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
      <input id={filesId} type="file" multiple disabled={disabled} onChange={change} className="visually-hidden" />
      <label htmlFor={filesId} className="button">
        {labels.files}
      </label>
      <input
        id={folderId}
        ref={(input) => {
          folderInput.current = input;
          // React does not know the non-standard attribute; every current browser supports it.
          input?.setAttribute('webkitdirectory', '');
        }}
        type="file"
        disabled={disabled}
        onChange={change}
        className="visually-hidden"
      />
      <label htmlFor={folderId} className="button secondary">
        {labels.folder}
      </label>
    </div>
  );
}
