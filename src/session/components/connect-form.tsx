import { useState, type FormEvent } from 'react';
import { normaliseEndpoint, useCheckConnection } from '../api/check-connection';
import { useSession } from '../session-context';

/** Asks for the server (endpoint) address and access token when the app has none; checks them with `/v1/me` before keeping them. */
export function ConnectForm({ problem }: { problem?: string }) {
  const { connect, connection } = useSession();
  const check = useCheckConnection();
  const [endpoint, setEndpoint] = useState(connection?.endpoint ?? window.location.origin);
  const [token, setToken] = useState('');
  const [formProblem, setFormProblem] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    check.reset();
    const address = normaliseEndpoint(endpoint);
    if ('problem' in address) return setFormProblem(address.problem);
    setFormProblem(null);
    check.mutate({ endpoint: address.endpoint, token: token.trim() }, { onSuccess: ({ connection: next }) => connect(next) });
  }

  const error = formProblem ?? check.error?.message ?? problem;
  return (
    <form className="card" onSubmit={submit} aria-labelledby="connect-title">
      <h2 id="connect-title">Connect to Coffer</h2>
      <p>Open the sign-in link you were given, or enter your Coffer server’s address and your access token.</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <label>
        Server address
        <input type="url" inputMode="url" autoComplete="url" required value={endpoint} onChange={(e) => setEndpoint(e.target.value)} />
      </label>
      <label>
        Access token
        <input type="password" required autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} />
      </label>
      <button type="submit" disabled={check.isPending}>
        {check.isPending ? 'Checking…' : 'Connect'}
      </button>
    </form>
  );
}
