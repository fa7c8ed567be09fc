import { useEffect, useState, type FormEvent } from 'react';
import { formatBytes } from '../../../components/ui/format-bytes';
import { ApiError } from '../../../transfer/api-client';
import { describeTransferError } from '../../../transfer/describe-error';
import { ShareGoneError } from '../../../transfer/share-client';
import type { OpenedShare } from '../api/open-share';
import { useDownloadShare, useOpenShare, useShareState } from '../api/use-share-recipient';
import { parseShareLink, ShareLinkError, type ShareLink } from '../share-link';

/** Why a link does not work, in plain words with the local date and time. */
export function problemText(error: unknown): string {
  if (error instanceof ShareGoneError) {
    const at = new Date(error.endedAt).toLocaleString();
    if (error.reason === 'share_expired') return `This link has expired. It stopped working on ${at}.`;
    if (error.reason === 'share_used_up') return `This link has been used up: its last allowed download started on ${at}.`;
    return `The owner revoked this link on ${at}.`;
  }
  if (error instanceof ApiError && error.code === 'share_not_found') return 'This link does not exist, or it ended a while ago.';
  if (error instanceof ShareLinkError) return `This link cannot be opened: ${error.message}`;
  return describeTransferError(error).message;
}

function PasswordForm({ onSubmit, wrong, busy }: { onSubmit(password: string): void; wrong: boolean; busy: boolean }) {
  const [password, setPassword] = useState('');
  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit(password);
  }
  return (
    <form onSubmit={submit}>
      <p>This link is protected by a password. Ask the person who sent it.</p>
      <label>
        Password
        <input type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} autoFocus />
      </label>
      {wrong && (
        <p role="alert" className="error">
          Wrong password, or the link was changed: check the password and try again.
        </p>
      )}
      <button type="submit" disabled={busy || password === ''}>
        {busy ? 'Checking…' : 'Open'}
      </button>
    </form>
  );
}

function SharedFile({ link, opened }: { link: ShareLink; opened: OpenedShare }) {
  const download = useDownloadShare(link);
  const { name, size } = opened.metadata;
  return (
    <div>
      <h2>{name}</h2>
      <p>{formatBytes(size)}, end-to-end encrypted: it is decrypted here, in your browser.</p>
      <button type="button" disabled={download.isPending} onClick={() => download.mutate(opened)}>
        {download.isPending ? `Downloading ${Math.floor((100 * download.released) / Math.max(1, size))}%` : 'Download'}
      </button>
      {download.isSuccess && <p role="status">Downloaded.</p>}
      {download.isError && (
        <p role="alert" className="error">
          {problemText(download.error)}
        </p>
      )}
    </div>
  );
}

function OpenLink({ link }: { link: ShareLink }) {
  const state = useShareState(link);
  const open = useOpenShare(link);
  const needsPassword = link.secret.kind === 'password';
  const { mutate } = open;
  // A link without a password opens (reads the header: nothing is counted) as soon as it is known to work.
  useEffect(() => {
    if (!needsPassword && state.isSuccess) mutate(undefined);
  }, [needsPassword, state.isSuccess, mutate]);
  if (state.isPending) return <p role="status">Checking the link…</p>;
  if (state.isError) return <p role="alert" className="error">{problemText(state.error)}</p>;
  if (open.data) return <SharedFile link={link} opened={open.data} />;
  return (
    <>
      {needsPassword && <PasswordForm onSubmit={(p) => open.mutate(p)} wrong={open.data === null} busy={open.isPending} />}
      {!needsPassword && open.isPending && <p role="status">Decrypting the file name…</p>}
      {open.isError && <p role="alert" className="error">{problemText(open.error)}</p>}
      <p className="hint">Link works until {new Date(state.data.expiresAt).toLocaleString()}.</p>
    </>
  );
}

/** The page a share link opens: no account, no token; everything secret stays in the link's fragment. */
export function RecipientPage({ pathname, hash }: { pathname: string; hash: string }) {
  const [parsed] = useState((): { link: ShareLink } | { error: unknown } => {
    try {
      return { link: parseShareLink(pathname, hash) };
    } catch (error) {
      return { error };
    }
  });
  return (
    <section aria-label="Shared file" className="recipient">
      {'link' in parsed ? <OpenLink link={parsed.link} /> : <p role="alert" className="error">{problemText(parsed.error)}</p>}
    </section>
  );
}
