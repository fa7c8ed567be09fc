import { useState } from 'react';
import { useToast } from '../../../components/ui/toast';
import type { ShareInfo } from '../../../protocol';
import { useRevokeShare, useShares } from '../api/list-shares';
import { RevokeDialog } from './revoke-dialog';
import { ShareList } from './share-list';

/** The owner's "Shares" section: links with their state, those that work revocable (after asking). */
export function SharesSection({ nameOf }: { nameOf(key: string): string | undefined }) {
  const shares = useShares();
  const revoke = useRevokeShare();
  const toast = useToast();
  const [asking, setAsking] = useState<{ share: ShareInfo; name: string } | null>(null);
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
          onRevoke={(share, name) => setAsking({ share, name })}
          revoking={revoke.isPending ? (revoke.variables ?? null) : null}
        />
      )}
      {asking && (
        <RevokeDialog
          name={asking.name}
          onClose={() => setAsking(null)}
          onConfirm={() => revoke.mutate(asking.share.id, { onSuccess: () => toast.show({ message: `Revoked the link to ${asking.name}.` }) })}
        />
      )}
    </section>
  );
}
