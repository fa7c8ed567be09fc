import { useState, type DragEvent, type ReactNode } from 'react';
import { namedFromDrop, type NamedFile } from '../collect-files';

/** Accepts files and folders dropped anywhere on its area. */
export function DropZone({ onFiles, children }: { onFiles(files: NamedFile[]): void; children: ReactNode }) {
  const [over, setOver] = useState(false);

  function drop(event: DragEvent) {
    event.preventDefault();
    setOver(false);
    void namedFromDrop(event.dataTransfer).then((files) => files.length > 0 && onFiles(files));
  }

  return (
    <div
      className={over ? 'drop-zone over' : 'drop-zone'}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      {children}
      {over && <div className="drop-hint">Drop files or folders to encrypt and upload them</div>}
    </div>
  );
}
