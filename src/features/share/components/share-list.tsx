import type { ShareInfo } from '../../../protocol';

interface ShareListProps {
  shares: ShareInfo[];
  /** The decrypted name of the shared object, if the vault still holds it. */
  nameOf(key: string): string | undefined;
  onRevoke(share: ShareInfo): void;
  revoking: string | null;
}

function downloads(share: ShareInfo): string {
  if (share.maxDownloads === null) return `${share.downloads} used, no limit`;
  return `${share.downloads} used, ${Math.max(0, share.maxDownloads - share.downloads)} left`;
}

/** The owner's active share links: which file, until when, downloads used and left, and a way to revoke each. */
export function ShareList({ shares, nameOf, onRevoke, revoking }: ShareListProps) {
  if (shares.length === 0) return <p className="empty">No active share links.</p>;
  return (
    <table className="files" aria-label="Share links">
      <thead>
        <tr>
          <th scope="col">File</th>
          <th scope="col">Expires</th>
          <th scope="col">Downloads</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {shares.map((share) => {
          const name = nameOf(share.key) ?? 'A file no longer in the vault';
          return (
            <tr key={share.id}>
              <th scope="row">{name}</th>
              <td>{new Date(share.expiresAt).toLocaleString()}</td>
              <td>{downloads(share)}</td>
              <td className="actions">
                <button type="button" className="danger" disabled={revoking === share.id} onClick={() => onRevoke(share)}>
                  Revoke <span className="visually-hidden">link to {name}</span>
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
