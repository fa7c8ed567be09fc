import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useToast } from '../../../components/ui/toast';
import { meQueryOptions, useMe } from '../../../session/api/get-me';
import { useApi, useSession } from '../../../session/session-context';
import { normaliseEndpoint, useCheckConnection } from '../../../session/api/check-connection';

/**
 * The server (endpoint) address and access token. A new pair is checked with `/v1/me` before it is saved; reaching
 * another user's vault (or another endpoint) locks this one. Its help is where the operator's words live: the rest of
 * the app says "Coffer" and "the storage".
 */
export function ConnectionSettings() {
  const { connection, connect, disconnect } = useSession();
  const me = useMe();
  const api = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const check = useCheckConnection();
  const [endpoint, setEndpoint] = useState(connection?.endpoint ?? '');
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const tokenHintId = useId();

  function submit(event: FormEvent) {
    event.preventDefault();
    check.reset();
    const address = normaliseEndpoint(endpoint);
    if ('problem' in address) return setProblem(address.problem);
    const nextToken = token.trim() || connection?.token || '';
    if (nextToken === '') return setProblem('Enter the access token.');
    setProblem(null);
    check.mutate(
      { endpoint: address.endpoint, token: nextToken },
      {
        onSuccess: ({ connection: next, me: who }) => {
          const sameVault = next.endpoint === connection?.endpoint && who.user === me.data?.user;
          connect(next, { sameVault });
          setToken('');
          if (sameVault) queryClient.setQueryData(meQueryOptions(api).queryKey, who);
          toast.show({ message: sameVault ? 'Connection saved.' : `Connected to ${next.endpoint} as ${who.user}. Unlock that vault to go on.` });
        },
      },
    );
  }

  const error = problem ?? (check.error ? check.error.message : null);
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="connection-title">
      <h3 id="connection-title">Connection</h3>
      <p className="hint">
        {me.data ? (
          <>
            Signed in as <strong>{me.data.user}</strong> at <code>{connection?.endpoint}</code>.
          </>
        ) : null}{' '}
        The token stays in this browser.
      </p>
      <details className="hint">
        <summary>What the server is, for whoever runs it</summary>
        <p>
          The server address is the Coffer endpoint: it holds the S3 credentials and signs short-lived upload and
          download URLs (pre-signed), so this browser sends and fetches ciphertext straight from the bucket; it never
          sees your files, names or keys. The app can be hosted anywhere and pointed at any endpoint: the endpoint must
          list this app’s origin in <code>COFFER_ALLOWED_ORIGINS</code>, the bucket’s CORS rule must allow it and expose{' '}
          <code>ETag</code>, and this page’s Content-Security-Policy must allow the endpoint and the S3 origin (README,
          docs/deployment.md). A user’s token comes from <code>COFFER_TOKENS</code> or <code>npx coffer user add</code>;{' '}
          <code>npm start</code> prints a sign-in link with a fresh one.
        </p>
      </details>
      <label>
        Server address
        <input type="url" inputMode="url" autoComplete="url" required value={endpoint} onChange={(e) => setEndpoint(e.target.value)} />
      </label>
      <label>
        Access token
        <input type="password" autoComplete="off" value={token} aria-describedby={tokenHintId} onChange={(e) => setToken(e.target.value)} />
      </label>
      <p className="hint" id={tokenHintId}>
        Leave the token empty to keep the current one.
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="row">
        <button type="submit" disabled={check.isPending}>
          {check.isPending ? 'Checking…' : 'Check and save'}
        </button>
        <button type="button" className="quiet" onClick={disconnect}>
          Sign out
        </button>
      </div>
    </form>
  );
}
