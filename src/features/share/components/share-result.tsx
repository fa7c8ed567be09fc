import { useState } from 'react';
import type { CreatedShare } from '../api/create-share';
import { QrCode } from './qr-code';

/** The made link: copy, QR code, and the system share sheet where the browser has one. */
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
      <p>
        Works until {new Date(share.expiresAt).toLocaleString()}.
        {share.direct && ' Direct link: it cannot be revoked and has no download limit.'}
      </p>
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
