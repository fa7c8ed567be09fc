import { useCallback, type ReactNode } from 'react';
import { useToast } from '../components/ui/toast';
import { ApiError } from '../transfer/api-client';
import { useMe } from '../session/api/get-me';
import { AccountSwitchDialog } from '../session/components/account-switch-dialog';
import { ConnectForm } from '../session/components/connect-form';
import { describeAutoLock, useAutoLockMinutes, useIdleLock } from '../session/idle-lock';
import { useSession } from '../session/session-context';
import { VaultGate } from '../features/unlock/components/vault-gate';
import { RecipientPage } from '../features/share/components/recipient-page';
import { isSharePath } from '../features/share/share-link';
import { requestIdFromPath } from '../features/requests/api/guest-request';
import { GuestRequestPage } from '../features/requests/components/guest-request-page';
import { AppProvider } from './provider';
import { sectionOf, usePathname, type Section } from './router';
import { SectionNav } from './section-nav';
import { VaultScreen } from './vault-screen';

/** The page frame: a skip link, the top bar (with whatever it holds) and the main region. */
function Frame({ bar, children }: { bar?: ReactNode; children: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="topbar">
        <h1>Coffer</h1>
        {bar}
      </header>
      <main className="shell" id="content" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

function Connected({ section }: { section: Section }) {
  const me = useMe();
  const { vault } = useSession();
  if (me.isPending) return <p role="status">Connecting…</p>;
  if (me.isError) {
    const rejected = me.error instanceof ApiError && me.error.status === 401;
    return (
      <ConnectForm
        problem={
          rejected
            ? 'Coffer did not accept your access token: open your latest sign-in link, or enter a valid token.'
            : 'Could not reach Coffer: check your connection and the server address, then connect again.'
        }
      />
    );
  }
  return vault ? <VaultScreen section={section} /> : <VaultGate />;
}

/** The owner's app: connect, then create or unlock, then the vault's sections with a Lock button always at hand. */
function OwnerApp() {
  const { connection, vault, offered, lock, disconnect } = useSession();
  const [autoLockMinutes] = useAutoLockMinutes();
  const toast = useToast();
  // Whoever comes back to the unlock screen learns why it is there; the note stays until closed.
  const idleLock = useCallback(() => {
    lock();
    toast.show({ message: `The vault locked itself ${describeAutoLock(autoLockMinutes)} without activity.`, durationMs: Infinity });
  }, [lock, toast, autoLockMinutes]);
  useIdleLock(vault !== null, autoLockMinutes, idleLock);
  const section = sectionOf(usePathname());
  const bar = vault ? (
    <>
      <SectionNav current={section} />
      <button type="button" className="lock" onClick={lock}>
        Lock
      </button>
    </>
  ) : (
    connection && (
      // While locked, Settings is out of reach: signing out is how to use another endpoint or token.
      <button type="button" className="quiet lock" onClick={disconnect}>
        Sign out
      </button>
    )
  );
  return (
    <Frame bar={bar}>
      {connection ? <Connected section={section} /> : <ConnectForm />}
      {offered && <AccountSwitchDialog key={`${offered.endpoint} ${offered.token}`} offered={offered} />}
    </Frame>
  );
}

/**
 * The Coffer single-page app. A file-request link (`/r/<id>#<key>`) opens the guest's page, a share link (`/s/<id>#<secret>`)
 * the recipient's page; neither needs an account. Every other path is the owner's app (router.ts).
 */
export function App() {
  const { pathname, hash } = window.location;
  const requestId = requestIdFromPath(pathname);
  return (
    <AppProvider>
      {isSharePath(pathname) ? (
        <Frame>
          <RecipientPage pathname={pathname} hash={hash} />
        </Frame>
      ) : requestId !== null ? (
        <Frame>
          <GuestRequestPage id={requestId} fragment={hash.slice(1)} />
        </Frame>
      ) : (
        <OwnerApp />
      )}
    </AppProvider>
  );
}
