import { useState, type FormEvent } from 'react';
import { useToast } from '../../../components/ui/toast';
import { MAX_PASSKEYS, passkeyNameProblem, type PasskeyInfo } from '../../../format';
import { usePasskeyList } from '../api/passkey-list';
import { useRegisterPasskey } from '../api/register-passkey';
import { useRemovePasskey } from '../api/remove-passkey';
import { passkeySupport } from '../webauthn';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function PasskeyRow({ passkey }: { passkey: PasskeyInfo }) {
  const remove = useRemovePasskey();
  const toast = useToast();
  return (
    <li className="row">
      <span>
        <strong>{passkey.name}</strong> <span className="hint">added {dateFormat.format(passkey.created)}</span>
      </span>
      <button
        type="button"
        className="danger"
        aria-label={`Remove passkey “${passkey.name}”`}
        disabled={remove.isPending}
        onClick={() =>
          remove.mutate(passkey.credentialId, {
            onSuccess: () => toast.show({ message: `Passkey “${passkey.name}” removed: it no longer unlocks this vault.` }),
            onError: (error) => toast.show({ tone: 'error', message: error.message }),
          })
        }
      >
        {remove.isPending ? 'Removing…' : 'Remove'}
      </button>
    </li>
  );
}

function RegisterForm({ count }: { count: number }) {
  const register = useRegisterPasskey();
  const toast = useToast();
  const [name, setName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    register.reset();
    const found = passkeyNameProblem(name.trim());
    setProblem(found === null ? null : `Choose another name: ${found}.`);
    if (found !== null) return;
    register.mutate(
      { name, passphrase },
      {
        onSuccess: () => {
          toast.show({ message: `Passkey “${name.trim()}” registered: it unlocks this vault from now on.` });
          setName('');
          setPassphrase('');
        },
      },
    );
  }

  if (count >= MAX_PASSKEYS) return <p role="status">This vault has {MAX_PASSKEYS} passkeys, the most it keeps: remove one to register another.</p>;
  const error = problem ?? register.error?.message ?? null;
  return (
    <form onSubmit={submit} aria-label="Register a passkey" className="panel-form">
      <label>
        Passkey name
        <input type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Laptop" maxLength={64} required />
      </label>
      <label>
        Your passphrase
        <input type="password" autoComplete="current-password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} required />
      </label>
      <p className="hint">The passphrase is needed once, to give the passkey the vault key.</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div>
        <button type="submit" disabled={register.isPending}>
          {register.isPending ? 'Registering passkey…' : 'Register passkey'}
        </button>
      </div>
    </form>
  );
}

/** Settings → "Unlock with a passkey": what it does, the registered passkeys with Remove, and registering another. */
export function PasskeySettings() {
  const support = passkeySupport();
  const list = usePasskeyList();
  const passkeys = list.data?.status === 'listed' ? list.data.passkeys : [];
  return (
    <section className="panel" aria-labelledby="passkeys-title">
      <h3 id="passkeys-title">Unlock with a passkey</h3>
      <p className="hint">
        A passkey - Touch ID, Windows Hello, a security key, or a passkey saved in your phone or password manager - can
        unlock this vault instead of the passphrase, which keeps working. The passkey gives this browser a key that
        opens the vault key; nothing secret leaves the browser. It works only at this address ({window.location.host}):
        if the app moves, register your passkeys again there. Rotating the vault key removes every passkey.
      </p>
      {list.isError && (
        <p role="alert" className="error">
          Could not read the passkeys: {list.error.message}
        </p>
      )}
      {list.data?.status === 'stale' && (
        <p role="alert" className="error">
          The passkeys stored for this vault no longer open it (they were made before a key rotation, or changed in
          storage). Register your passkeys again: the first one replaces them.
        </p>
      )}
      {passkeys.length > 0 ? (
        <ul aria-label="Registered passkeys" className="passkeys">
          {passkeys.map((p) => (
            <PasskeyRow key={p.name + String(p.created)} passkey={p} />
          ))}
        </ul>
      ) : (
        list.data && <p>No passkey is registered: the vault opens with its passphrase only.</p>
      )}
      {support.usable ? list.data && <RegisterForm count={passkeys.length} /> : <p role="status">{support.reason}</p>}
    </section>
  );
}
