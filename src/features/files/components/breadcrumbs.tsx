import { segments } from '../../../session/files/file-tree';

/** Where the list is: "All files" and each folder down to the current one, each a way back up. */
export function Breadcrumbs({ folder, onNavigate }: { folder: string; onNavigate(folder: string): void }) {
  const parts = segments(folder);
  return (
    <nav aria-label="Folder path" className="fb-crumbs">
      <ol>
        <li>
          {parts.length === 0 ? (
            <span aria-current="location">All files</span>
          ) : (
            <button type="button" className="fb-link" onClick={() => onNavigate('')}>
              All files
            </button>
          )}
        </li>
        {parts.map((part, i) => {
          const path = parts.slice(0, i + 1).join('/');
          return (
            <li key={path}>
              {i === parts.length - 1 ? (
                <span aria-current="location">{part}</span>
              ) : (
                <button type="button" className="fb-link" onClick={() => onNavigate(path)}>
                  {part}
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
