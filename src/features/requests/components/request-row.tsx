import { useState } from 'react';
import type { RequestInfo } from '../../../protocol';
import { formatBytes } from '../../../components/ui/format-bytes';
import type { RecipientKey } from '../api/recipient-key';
import { RequestInbox } from './request-inbox';

/**
 * The link a guest opens: the request id in the path, the vault's own public key in the fragment (never sent). The
 * key comes from the vault's key pair, which only the vault key opens - never from the request as the endpoint
 * lists it, which is the operator's word: a key swapped there would make the guest encrypt to the operator.
 */
export function requestLink(origin: string, requestId: string, vaultKey: RecipientKey): string {
  return `${origin}/r/${requestId}#${vaultKey.publicKey}`;
}

function stateOf(request: RequestInfo, now: number): string {
  if (request.closedAt !== null) return 'closed';
  if (Date.parse(request.expiresAt) <= now) return 'expired';
  return `open until ${new Date(request.expiresAt).toLocaleString()}`;
}

/** One request: its link and fingerprint to hand out, what it took so far, close, and its inbox. */
export function RequestRow({ request, recipientKey, onClose }: { request: RequestInfo; recipientKey: RecipientKey; onClose(): void }) {
  const [showInbox, setShowInbox] = useState(false);
  const [copied, setCopied] = useState(false);
  const [now] = useState(() => Date.now());
  const open = request.closedAt === null && Date.parse(request.expiresAt) > now;
  // The endpoint's copy of the key decides what guests encrypt to: a request whose copy is not the vault's key gets
  // no link at all (the guest's page would accept a link carrying the swapped key).
  const ownKey = request.publicKey === recipientKey.publicKey;
  const link = ownKey ? requestLink(window.location.origin, request.id, recipientKey) : null;
  return (
    <li className="card request" aria-label={request.title}>
      <h3>{request.title}</h3>
      <p>
        {stateOf(request, now)} · {request.files} of {request.maxFiles} files · {formatBytes(request.bytes)} of {formatBytes(request.maxBytes)}
      </p>
      {link === null ? (
        <p role="alert" className="error">
          No link for this request: the endpoint holds another public key for it than your vault’s, so files sent to it
          would be encrypted to that key, and whoever changed it could read them. Close this request and create a new one.
        </p>
      ) : (
        <>
          <label className="inline">
            Link
            <input readOnly value={link} aria-label={`Link for ${request.title}`} onFocus={(e) => e.target.select()} />
          </label>
          <p>
            Key fingerprint: <code aria-label="Key fingerprint">{recipientKey.fingerprint}</code>
          </p>
        </>
      )}
      <div className="actions">
        {link !== null && (
          <button type="button" onClick={() => void navigator.clipboard.writeText(link).then(() => setCopied(true))}>
            {copied ? 'Copied' : 'Copy link'}
          </button>
        )}
        {open && (
          <button type="button" className="secondary" onClick={onClose}>
            Close request
          </button>
        )}
        <button type="button" className="quiet" aria-expanded={showInbox} onClick={() => setShowInbox((v) => !v)}>
          {showInbox ? 'Hide received files' : 'Show received files'}
        </button>
      </div>
      {showInbox && <RequestInbox requestId={request.id} title={request.title} recipientKey={recipientKey} />}
    </li>
  );
}
