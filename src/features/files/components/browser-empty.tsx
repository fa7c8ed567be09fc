interface BrowserEmptyProps {
  /** The vault holds nothing at all. */
  vaultEmpty: boolean;
  /** The search that found nothing, or null when browsing a folder. */
  search: string | null;
  onClearSearch(): void;
}

/**
 * What to do when there is nothing to list: an empty vault, an empty folder, or a search without results. It can take
 * the focus (not by Tab), so that opening an empty folder leaves the focus here.
 */
export function BrowserEmpty({ vaultEmpty, search, onClearSearch }: BrowserEmptyProps) {
  if (search !== null) {
    return (
      <div className="empty" tabIndex={-1}>
        <p>No file names match “{search}”. The search looks through the names of every file in the vault.</p>
        <button type="button" className="quiet" onClick={onClearSearch}>
          Clear search
        </button>
      </div>
    );
  }
  if (vaultEmpty) {
    return (
      <p className="empty" tabIndex={-1}>
        Your vault is empty. Upload files or a folder with the buttons above, or drop them on this page: they are encrypted in
        this browser before they leave it.
      </p>
    );
  }
  return <p className="empty" tabIndex={-1}>This folder is empty. Upload files while you are here to put them in it, or move files into it.</p>;
}
