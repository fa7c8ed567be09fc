import { ApiError } from '../transfer/api-client';
import { useMe } from '../features/session/api/get-me';
import { ConnectForm } from '../features/session/components/connect-form';
import { AUTO_LOCK_CHOICES, useAutoLockMinutes, useIdleLock } from '../features/session/idle-lock';
import { useSession } from '../features/session/session-context';
import { VaultGate } from '../features/unlock/components/vault-gate';
import { RecipientPage } from '../features/share/components/recipient-page';
import { isSharePath } from '../features/share/share-link';
import { requestIdFromPath } from '../features/requests/api/guest-request';
import { GuestRequestPage } from '../features/requests/components/guest-request-page';
import { AppProvider } from './provider';
import { VaultScreen } from './vault-screen';

function Header() {
  const { vault, lock, connection, disconnect } = useSession();
  const [autoLockMinutes, setAutoLockMinutes] = useAutoLockMinutes();
  useIdleLock(vault !== null, autoLockMinutes, lock);
  return (
    <header className="topbar">
      <h1>Coffer</h1>
      <nav aria-label="Session">
        {vault && (
          <>
            <label className="inline">
              Lock when idle
              <select value={autoLockMinutes} onChange={(e) => setAutoLockMinutes(Number(e.target.value))}>
                {AUTO_LOCK_CHOICES.map((minutes) => (
                  <option key={minutes} value={minutes}>
                    {minutes === 0 ? 'never' : minutes < 60 ? `after ${minutes} min` : 'after 1 hour'}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" onClick={lock}>
              Lock
            </button>
          </>
        )}
        {connection && (
          <button type="button" className="quiet" onClick={disconnect}>
            Sign out
          </button>
        )}
      </nav>
    </header>
  );
}

function Connected() {
  const me = useMe();
  const { vault } = useSession();
  if (me.isPending) return <p role="status">Connecting…</p>;
  if (me.isError) {
    const rejected = me.error instanceof ApiError && me.error.status === 401;
    return (
      <ConnectForm
        problem={
          rejected
            ? 'The endpoint did not accept your token. Open the latest link printed by npm start, or enter a valid token.'
            : `Could not reach the endpoint: ${me.error.message}`
        }
      />
    );
  }
  return vault ? <VaultScreen /> : <VaultGate />;
}

function Screens() {
  const { connection } = useSession();
  return <main className="shell">{connection ? <Connected /> : <ConnectForm />}</main>;
}

/**
 * The Coffer single-page app. A file-request link (`/r/<id>#<key>`) opens the guest's page, a share link (`/s/<id>#<secret>`)
 * the recipient's page; neither needs an account.
 */
export function App() {
  if (isSharePath(window.location.pathname)) {
    return (
      <AppProvider>
        <header className="topbar">
          <h1>Coffer</h1>
        </header>
        <main className="shell">
          <RecipientPage pathname={window.location.pathname} hash={window.location.hash} />
        </main>
      </AppProvider>
    );
  }
  const requestId = requestIdFromPath(window.location.pathname);
  if (requestId !== null) {
    return (
      <AppProvider>
        <header className="topbar">
          <h1>Coffer</h1>
        </header>
        <main className="shell">
          <GuestRequestPage id={requestId} fragment={window.location.hash.slice(1)} />
        </main>
      </AppProvider>
    );
  }
  return (
    <AppProvider>
      <Header />
      <Screens />
    </AppProvider>
  );
}
