import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { ModalDialog } from '../../components/ui/modal-dialog';
import { useToast } from '../../components/ui/toast';
import { checkConnection } from '../api/check-connection';
import { useMe } from '../api/get-me';
import { useSession } from '../session-context';
import type { Connection } from '../connection';

/**
 * Asks before a link's `#token=` replaces the account in use (connection.ts: a link is not the person). Says whose
 * account the link opens, checked with `/v1/me`; "Keep current account" (or Escape) changes nothing.
 */
export function AccountSwitchDialog({ offered }: { offered: Connection }) {
  const { connection, vault, acceptOffered, refuseOffered } = useSession();
  const me = useMe();
  const toast = useToast();
  const titleId = useId();
  // In memory only, like the connection itself; never retried: a refused token stays refused.
  const { endpoint, token } = offered;
  const theirs = useQuery({ queryKey: ['offered-account', endpoint, token], queryFn: () => checkConnection({ endpoint, token }), retry: false });
  const current = me.data?.user;
  const sameVault = theirs.data !== undefined && offered.endpoint === connection?.endpoint && theirs.data.user === current;

  function switchAccount() {
    if (!theirs.data) return;
    acceptOffered({ sameVault });
    toast.show({ message: sameVault ? 'Connection saved.' : `Connected to ${offered.endpoint} as ${theirs.data.user}.` });
  }

  return (
    <ModalDialog aria-labelledby={titleId} className="account-switch" onClose={refuseOffered}>
      <h2 id={titleId}>Sign in as another account?</h2>
      {theirs.isPending && <p role="status">Checking the account the link opens…</p>}
      {theirs.data &&
        (sameVault ? (
          <p>
            This link carries another access token for your account <strong>{theirs.data.user}</strong>.
          </p>
        ) : (
          <p>
            This link signs you in as another account: <strong>{theirs.data.user}</strong> at <code>{offered.endpoint}</code>.
          </p>
        ))}
      {theirs.isError && (
        <p role="alert" className="error">
          The link’s token does not work: {theirs.error.message}
        </p>
      )}
      {me.isError ? (
        <p>
          The token this browser kept for <code>{connection?.endpoint}</code> no longer works ({me.error.message}).
        </p>
      ) : (
        <p>
          You are signed in as {current ? <strong>{current}</strong> : 'your current account'} at <code>{connection?.endpoint}</code>
          {vault ? ', and your vault is unlocked' : ''}.
        </p>
      )}
      <p>Switch only if you asked for this link: whoever made it can read what you upload to the account it opens.</p>
      <div className="row">
        <button type="button" onClick={refuseOffered}>
          Keep current account
        </button>
        {theirs.data && !me.isPending && (
          <button type="button" className="secondary" onClick={switchAccount}>
            Switch account
          </button>
        )}
      </div>
    </ModalDialog>
  );
}
