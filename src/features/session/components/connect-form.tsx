import { useState, type FormEvent } from 'react';
import { useSession } from '../session-context';

/** Asks for the endpoint address and access token when the app has none. */
export function ConnectForm({ problem }: { problem?: string }) {
  const { connect, connection } = useSession();
  const [endpoint, setEndpoint] = useState(connection?.endpoint ?? window.location.origin);
  const [token, setToken] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    connect({ endpoint: endpoint.trim().replace(/\/+$/, ''), token: token.trim() });
  }

  return (
    <form className="card" onSubmit={submit} aria-labelledby="connect-title">
      <h2 id="connect-title">Connect to your Coffer endpoint</h2>
      <p>
        Open the link that <code>npm start</code> printed, or enter the endpoint address and your access token.
      </p>
      {problem && <p role="alert" className="error">{problem}</p>}
      <label>
        Endpoint address
        <input type="url" required value={endpoint} onChange={(e) => setEndpoint(e.target.value)} />
      </label>
      <label>
        Access token
        <input type="password" required autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} />
      </label>
      <button type="submit">Connect</button>
    </form>
  );
}
