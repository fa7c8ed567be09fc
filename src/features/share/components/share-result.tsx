import { useState } from 'react';
import type { CreatedShare } from '../api/create-share';
import { QrCode } from './qr-code';

/** What the link allows, repeated from the choices (as the endpoint recorded them), so the owner can check before sending it. */
function Facts({ share }: { share: CreatedShare }) {
  const limit = share.direct
    ? 'Any number of downloads; a direct link cannot be revoked.'
    : share.maxDownloads === null
      ? 'No download limit.'
      : `Up to ${share.maxDownloads} download${share.maxDownloads === 1 ? '' : 's'}.`;
  return (
    <ul className="share-facts" aria-label="What this link allows">
      <li>Works until {new Date(share.expiresAt).toLocaleString()}.</li>
      <li>{limit}</li>
      <li>
        {share.password
          ? 'Password protected: send the password another way than the link (say it, or use another app), so one message alone opens nothing.'
          : 'No password: whoever has the link can download the file.'}
      </li>
    </ul>
  );
}

/** The made link: what it allows, copy, QR code, and the system share sheet where the browser has one. */
export function ShareResult({ share, fileName }: { share: CreatedShare; fileName: string }) {
  const [copied, setCopied] = useState<string | null>(null);
  const canShare = typeof navigator.share === 'function';
  async function copy() {
    try {
      await navigator.clipboard.writeText(share.link);
      setCopied('Link copied.');
    } catch {
      setCopied('Could not copy: select the link and copy it by hand.');
    }
  }
  return (
    <div className="share-result">
      <label>
        Share link
        <input readOnly value={share.link} onFocus={(e) => e.currentTarget.select()} />
      </label>
      <Facts share={share} />
      <div className="actions">
        <button type="button" onClick={() => void copy()}>
          Copy link
        </button>
        {canShare && (
          <button type="button" onClick={() => void navigator.share({ title: fileName, url: share.link }).catch(() => undefined)}>
            Share…
          </button>
        )}
      </div>
      <p role="status">{copied}</p>
      <QrCode text={share.link} label="QR code of the share link" />
    </div>
  );
}
