import { useState } from 'react';
import type { RequestInfo } from '../../../protocol';
import { formatBytes } from '../../../components/ui/format-bytes';
import type { RecipientKey } from '../api/recipient-key';
import { RequestInbox } from './request-inbox';

/** The link a guest opens: the request id in the path, the owner's public key in the fragment (never sent). */
export function requestLink(origin: string, request: RequestInfo): string {
  return `${origin}/r/${request.id}#${request.publicKey}`;
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
  const link = requestLink(window.location.origin, request);
  const open = request.closedAt === null && Date.parse(request.expiresAt) > now;
  const ownKey = request.publicKey === recipientKey.publicKey;
  return (
    <li className="card request" aria-label={request.title}>
      <h3>{request.title}</h3>
      <p>
        {stateOf(request, now)} · {request.files} of {request.maxFiles} files · {formatBytes(request.bytes)} of {formatBytes(request.maxBytes)}
      </p>
      <label className="inline">
        Link
        <input readOnly value={link} aria-label={`Link for ${request.title}`} onFocus={(e) => e.target.select()} />
      </label>
      <p>
        Key fingerprint: <code aria-label="Key fingerprint">{ownKey ? recipientKey.fingerprint : 'another key than this vault’s'}</code>
      </p>
      <div className="actions">
        <button type="button" onClick={() => void navigator.clipboard.writeText(link).then(() => setCopied(true))}>
          {copied ? 'Copied' : 'Copy link'}
        </button>
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
