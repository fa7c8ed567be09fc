import { useEffect, useState, type FormEvent } from 'react';
import { formatBytes } from '../../../components/ui/format-bytes';
import type { OpenedShare, ShareState } from '../api/open-share';
import { useDownloadShare, useOpenShare, useShareState } from '../api/use-share-recipient';
import { recipientProblem } from '../recipient-problem';
import { parseShareLink, type ShareLink } from '../share-link';

/** "This link works until …", with the downloads it still allows: shown only while the link works, never beside an error. */
function Validity({ expiresAt, downloadsLeft }: ShareState) {
  if (downloadsLeft === 0) return <p className="hint">That was the last download this link allows.</p>;
  const left = downloadsLeft === null ? '' : `, ${downloadsLeft} more download${downloadsLeft === 1 ? '' : 's'} allowed`;
  return (
    <p className="hint">
      This link works until {new Date(expiresAt).toLocaleString()}
      {left}.
    </p>
  );
}

function Problem({ error, link, during }: { error: unknown; link?: ShareLink; during: 'open' | 'download' }) {
  return (
    <p role="alert" className="error">
      {recipientProblem(error, link, during).message}
    </p>
  );
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

function SharedFile({ link, opened, state }: { link: ShareLink; opened: OpenedShare; state: ShareState }) {
  const download = useDownloadShare(link);
  const { name, size } = opened.metadata;
  // After a counted download the link allows one fewer: the endpoint's count, not a guess.
  const now = download.data ? { ...state, downloadsLeft: download.data.downloadsLeft } : state;
  return (
    <div>
      <h2>{name}</h2>
      <p>{formatBytes(size)}, end-to-end encrypted: it is decrypted here, in your browser.</p>
      <button type="button" disabled={download.isPending || now.downloadsLeft === 0} onClick={() => download.mutate(opened)}>
        {download.isPending ? `Downloading ${Math.floor((100 * download.released) / Math.max(1, size))}%` : 'Download'}
      </button>
      {download.isSuccess && <p role="status">Downloaded.</p>}
      {download.isError ? <Problem error={download.error} link={link} during="download" /> : <Validity {...now} />}
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
  if (state.isError) return <Problem error={state.error} link={link} during="open" />;
  if (open.data) return <SharedFile link={link} opened={open.data} state={state.data} />;
  // A link that fails to open says why, alone: no password form, no "works until" beside it.
  if (open.isError) return <Problem error={open.error} link={link} during="open" />;
  const wrong = open.data === null;
  return (
    <>
      {needsPassword && <PasswordForm onSubmit={(p) => open.mutate(p)} wrong={wrong} busy={open.isPending} />}
      {!needsPassword && <p role="status">Decrypting the file name…</p>}
      {!wrong && <Validity {...state.data} />}
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
      {'link' in parsed ? <OpenLink link={parsed.link} /> : <Problem error={parsed.error} during="open" />}
    </section>
  );
}
