import { useState, type DragEvent, type ReactNode } from 'react';
import { namedFromDrop, type NamedFile } from './collect-files';

interface DropZoneProps {
  onFiles(files: NamedFile[]): void;
  /** What the hint says while files are dragged over it. */
  hint?: string;
  /** Takes nothing (the browser's own handling of a drop is still prevented). */
  disabled?: boolean;
  children: ReactNode;
}

/** Accepts files and folders dropped anywhere on its area. */
export function DropZone({ onFiles, hint = 'Drop files or folders to encrypt and upload them', disabled = false, children }: DropZoneProps) {
  const [over, setOver] = useState(false);

  function drop(event: DragEvent) {
    event.preventDefault();
    setOver(false);
    if (disabled) return;
    void namedFromDrop(event.dataTransfer).then((files) => files.length > 0 && onFiles(files));
  }

  return (
    <div
      className={over ? 'drop-zone over' : 'drop-zone'}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(!disabled);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      {children}
      {over && <div className="drop-hint">{hint}</div>}
    </div>
  );
}
