import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { ModalDialog } from '../../../components/ui/modal-dialog';
import { MAX_PRESIGN_SECONDS, MIN_SHARE_SECONDS } from '../../../protocol';
import { describeTransferError } from '../../../transfer/describe-error';
import { estimatorQuery, usePassphraseStrength } from '../../../session/passphrase-strength';
import { PassphraseStrengthMeter } from '../../../session/components/passphrase-strength-meter';
import { useCreateShare } from '../api/create-share';
import { SHARE_PASSWORD_POLICY, WEAK_SHARE_PASSWORD } from '../share-password';
import { ShareResult } from './share-result';

const EXPIRY_CHOICES = [
  ['5 minutes', 300],
  ['1 hour', 3600],
  ['1 day', 86_400],
  ['7 days', 604_800],
  ['30 days', 2_592_000],
] as const;

/** `yyyy-mm-ddThh:mm:ss` in local time, as datetime-local inputs take it. */
function localInputValue(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 19);
}

/** Seconds until the chosen expiry, or a reason it cannot be used. */
function chosenSeconds(choice: string, custom: string, direct: boolean): number | string {
  const seconds = choice === 'custom' ? Math.round((new Date(custom).getTime() - Date.now()) / 1000) : Number(choice);
  if (!Number.isFinite(seconds) || seconds < MIN_SHARE_SECONDS) return `Choose an expiry at least ${MIN_SHARE_SECONDS} seconds from now.`;
  if (direct && seconds > MAX_PRESIGN_SECONDS) return 'Direct links last at most 7 days.';
  return seconds;
}

/** Shares one file: expiry, download limit, password, or a stateless direct link; then the link to pass on. */
export function ShareDialog({ objectKey, fileName, onClose }: { objectKey: string; fileName: string; onClose(): void }) {
  const create = useCreateShare();
  const [choice, setChoice] = useState('86400');
  const [custom, setCustom] = useState(() => localInputValue(Date.now() + 3_600_000));
  const [limit, setLimit] = useState('');
  const [password, setPassword] = useState('');
  const [direct, setDirect] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const strength = usePassphraseStrength(password, SHARE_PASSWORD_POLICY);
  const strengthId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const seconds = chosenSeconds(choice, custom, direct);
    if (typeof seconds === 'string') return setProblem(seconds);
    // Waits for the estimator's dictionaries when they are still loading, rather than refuse the first try.
    if (password !== '' && !(await queryClient.ensureQueryData(estimatorQuery))(password, SHARE_PASSWORD_POLICY).acceptable) {
      return setProblem(WEAK_SHARE_PASSWORD);
    }
    const maxDownloads = limit === '' || direct ? undefined : Number(limit);
    setProblem(null);
    create.mutate({ key: objectKey, name: fileName, options: { expiresIn: seconds, maxDownloads, password: password === '' ? undefined : password, direct } });
  }

  const error = problem ?? (create.error ? describeTransferError(create.error).message : null);
  return (
    <ModalDialog aria-label={`Share ${fileName}`} className="share-dialog" onClose={onClose}>
      <h3>Share {fileName}</h3>
      {create.data ? (
        <ShareResult share={create.data} fileName={fileName} />
      ) : (
        <form onSubmit={(event) => void submit(event)}>
          <label>
            Link expires after
            <select value={choice} onChange={(e) => setChoice(e.target.value)}>
              {EXPIRY_CHOICES.filter(([, s]) => !direct || s <= MAX_PRESIGN_SECONDS).map(([label, s]) => (
                <option key={s} value={String(s)}>
                  {label}
                </option>
              ))}
              <option value="custom">A custom time</option>
            </select>
          </label>
          {choice === 'custom' && (
            <label>
              Expires at
              <input type="datetime-local" step={1} value={custom} onChange={(e) => setCustom(e.target.value)} />
            </label>
          )}
          {!direct && (
            <label>
              Maximum downloads (empty: no limit)
              <input type="number" min={1} max={10_000} value={limit} onChange={(e) => setLimit(e.target.value)} />
            </label>
          )}
          <label>
            Password (optional)
            <input
              type="password"
              autoComplete="new-password"
              value={password}
              aria-describedby={password === '' ? undefined : strengthId}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          {password !== '' && <PassphraseStrengthMeter strength={strength} id={strengthId} label="Password strength" />}
          <label className="inline">
            <input type="checkbox" checked={direct} onChange={(e) => setDirect(e.target.checked)} />
            Direct link (not listed, cannot be revoked)
          </label>
          {direct && (
            <p className="hint">
              A direct link goes straight to the storage, and Coffer keeps no record of it: it works for at most 7 days, any
              number of times, and cannot be listed or revoked. Use it only where that is what you want.
            </p>
          )}
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <button type="submit" disabled={create.isPending}>
            {create.isPending ? 'Creating link…' : 'Create link'}
          </button>
        </form>
      )}
      <button type="button" className="quiet" onClick={onClose}>
        Close
      </button>
    </ModalDialog>
  );
}
