import { useEffect, useRef, useState } from 'react';
import type { RequestInfo } from '../../../protocol';
import { formatBytes } from '../../../components/ui/format-bytes';
import { useRefreshRequests } from '../api/list-requests';
import type { RecipientKey } from '../api/recipient-key';
import { fileCapacity } from '../request-sizes';
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
  if (request.closedAt !== null) return 'Closed';
  if (Date.parse(request.expiresAt) <= now) return 'Expired';
  return `Open until ${new Date(request.expiresAt).toLocaleString()}`;
}

/**
 * What a request took and may still take, in the sizes of files (the endpoint counts stored bytes: request-sizes.ts):
 * "3 of 10 files sent · 99.2 MB of 100 MB left", the same room its guests are shown.
 */
function usageOf(request: RequestInfo, open: boolean): string {
  const files = `${request.files} of ${request.maxFiles} files sent`;
  const limit = formatBytes(fileCapacity(request.maxBytes, request.maxFiles));
  if (!open) return `${files} · at most ${limit}`;
  const left = fileCapacity(request.maxBytes - request.bytes, request.maxFiles - request.files);
  return `${files} · ${formatBytes(left)} of ${limit} left`;
}

interface RequestRowProps {
  request: RequestInfo;
  recipientKey: RecipientKey;
  /** Just made with the form: scrolled to and focused, so that it is seen (and heard) at once. */
  justCreated?: boolean;
  onClose(): void;
}

/** One request: its link and fingerprint to hand out, what it took so far, close, and its inbox. */
export function RequestRow({ request, recipientKey, justCreated = false, onClose }: RequestRowProps) {
  const [showInbox, setShowInbox] = useState(false);
  const refreshRequests = useRefreshRequests();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (justCreated) heading.current?.focus();
  }, [justCreated]);
  const [copied, setCopied] = useState(false);
  const [now] = useState(() => Date.now());
  const open = request.closedAt === null && Date.parse(request.expiresAt) > now;
  // The endpoint's copy of the key decides what guests encrypt to: a request whose copy is not the vault's key gets
  // no link at all (the guest's page would accept a link carrying the swapped key). The page says so without the
  // operator's words: the key saved with the request is not the vault's.
  const ownKey = request.publicKey === recipientKey.publicKey;
  const link = ownKey ? requestLink(window.location.origin, request.id, recipientKey) : null;
  return (
    <li className="card request" aria-label={request.title}>
      <h3 ref={heading} tabIndex={-1}>
        {request.title}
      </h3>
      <p>
        {stateOf(request, now)} · {usageOf(request, open)}
      </p>
      {link === null ? (
        <p role="alert" className="error">
          No link for this request: the key saved with it is not your vault’s. Files sent through it would be locked
          to that other key, so whoever changed it could read them, and you could not. Close this request and make a new one.
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
        <button
          type="button"
          className="quiet"
          aria-expanded={showInbox}
          onClick={() => {
            if (!showInbox) refreshRequests();
            setShowInbox(!showInbox);
          }}
        >
          {showInbox ? 'Hide received files' : 'Show received files'}
        </button>
      </div>
      {showInbox && <RequestInbox requestId={request.id} title={request.title} recipientKey={recipientKey} />}
    </li>
  );
}
