import { useState } from 'react';
import { formatBytes } from '../../../components/ui/format-bytes';
import type { PreviewContent } from '../api/use-preview';
import { PdfPages } from './pdf-pages';

/** The viewer for one loaded preview: image, PDF (its pages drawn), text, audio or video, or why there is none. */
export function PreviewViewer({ content, name }: { content: PreviewContent; name: string }) {
  const [playError, setPlayError] = useState(false);
  switch (content.view) {
    case 'image':
      return <img className="preview-image" src={content.url} alt={name} width={content.size?.width} height={content.size?.height} />;
    case 'pdf':
      return <PdfPages document={content.document} name={name} />;
    case 'text':
      return (
        <>
          {content.shown < content.size && (
            <p className="preview-note">
              Showing the first {formatBytes(content.shown)} of {formatBytes(content.size)}. Download the file to see all of it.
            </p>
          )}
          <pre className="preview-text" tabIndex={0} aria-label={`Contents of ${name}`}>
            {content.text}
          </pre>
        </>
      );
    case 'audio':
    case 'video': {
      const Media = content.view;
      return (
        <>
          {playError && (
            <p role="alert" className="error">
              This browser could not play {name}. Download it to open it with another program.
            </p>
          )}
          <Media className={`preview-${content.view}`} src={content.url} controls playsInline preload="metadata" aria-label={name} onError={() => setPlayError(true)} />
        </>
      );
    }
    case 'none':
      return <p className="preview-note">{content.reason}</p>;
  }
}
