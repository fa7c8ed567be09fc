import { useRevokeShare, useShares } from '../api/list-shares';
import { ShareList } from './share-list';

/** The owner's "Shares" section: active links with their state, each revocable. */
export function SharesSection({ nameOf }: { nameOf(key: string): string | undefined }) {
  const shares = useShares();
  const revoke = useRevokeShare();
  return (
    <section aria-labelledby="shares-title" className="shares">
      <h2 id="shares-title">Shares</h2>
      {shares.isPending && <p role="status">Loading share links…</p>}
      {shares.isError && (
        <p role="alert" className="error">
          Could not list your share links: {shares.error.message}
        </p>
      )}
      {revoke.isError && (
        <p role="alert" className="error">
          Could not revoke the link: {revoke.error.message}
        </p>
      )}
      {shares.data && (
        <ShareList
          shares={shares.data}
          nameOf={nameOf}
          onRevoke={(share) => revoke.mutate(share.id)}
          revoking={revoke.isPending ? (revoke.variables ?? null) : null}
        />
      )}
    </section>
  );
}
