import { ENDED_SHARE_KEPT_DAYS, type ShareInfo } from '../../../protocol';

interface ShareListProps {
  shares: ShareInfo[];
  /** The decrypted name of the shared object, if the vault still holds it. */
  nameOf(key: string): string | undefined;
  onRevoke(share: ShareInfo, name: string): void;
  revoking: string | null;
}

/** What the list calls a file the vault no longer holds. */
export const GONE_FILE = 'A file no longer in the vault';

const at = (iso: string): string => new Date(iso).toLocaleString();

function downloads(share: ShareInfo): string {
  if (share.maxDownloads === null) return `${share.downloads} used, no limit`;
  if (share.ended !== null) return `${share.downloads} of ${share.maxDownloads} used`;
  return `${share.downloads} used, ${Math.max(0, share.maxDownloads - share.downloads)} left`;
}

/** Whether the link works, and if not, why and since when (the endpoint's word, from its clock). */
function status(share: ShareInfo): string {
  if (share.ended === null) return `Works until ${at(share.expiresAt)}`;
  if (share.ended.code === 'share_revoked') return `Revoked on ${at(share.ended.at)}`;
  if (share.ended.code === 'share_expired') return `Expired on ${at(share.ended.at)}`;
  return `Used up: ${share.downloads} of ${share.maxDownloads ?? share.downloads} downloads, the last on ${at(share.ended.at)}`;
}

/**
 * The owner's share links: which file, whether the link works (until when; or why and since when it ended), downloads
 * used and left, and Revoke for those that work. Ended links stay, greyed, for ENDED_SHARE_KEPT_DAYS, as the endpoint
 * keeps their records.
 */
export function ShareList({ shares, nameOf, onRevoke, revoking }: ShareListProps) {
  if (shares.length === 0) return <p className="empty">No share links.</p>;
  return (
    <>
      <p className="hint">Links that expired, were used up or were revoked stay listed for {ENDED_SHARE_KEPT_DAYS} days, then they go.</p>
      <table className="files" aria-label="Share links">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Status</th>
            <th scope="col">Downloads</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {shares.map((share) => {
            const name = nameOf(share.key) ?? GONE_FILE;
            return (
              <tr key={share.id} className={share.ended === null ? undefined : 'ended'}>
                <th scope="row">{name}</th>
                <td>{status(share)}</td>
                <td>{downloads(share)}</td>
                <td className="actions">
                  {share.ended === null && (
                    <button type="button" className="danger" disabled={revoking === share.id} onClick={() => onRevoke(share, name)}>
                      Revoke <span className="visually-hidden">link to {name}</span>
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
