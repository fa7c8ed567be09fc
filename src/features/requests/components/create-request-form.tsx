import { useId, useState, type FormEvent } from 'react';
import type { CreateRequest } from '../../../protocol';
import { storedBudget } from '../request-sizes';

const EXPIRY_CHOICES = [
  { label: '1 hour', seconds: 3600 },
  { label: '1 day', seconds: 86_400 },
  { label: '7 days', seconds: 7 * 86_400 },
  { label: '30 days', seconds: 30 * 86_400 },
] as const;

/** Megabytes as the app shows sizes (formatBytes: decimal units, as file managers show them). */
const MB = 1_000_000;
/** The largest total the form offers: 1 TB (the endpoint's ceiling is 1 TiB of stored bytes). */
const MAX_MB = 1_000_000;

const INITIAL = { title: '', expiresIn: EXPIRY_CHOICES[2].seconds as number, maxFiles: 10, maxMB: 100 };

/**
 * The owner's form for a new file request: title, expiry, and limits on files and their total size (in MB of files,
 * as every size in the app reads). It empties once the request is made, for the next one, and says so in a live
 * region that is always there (so that screen readers announce the change), not in a toast that could cover the
 * new request's buttons.
 */
export function CreateRequestForm({ publicKey, busy, onCreate }: { publicKey: string; busy: boolean; onCreate(request: CreateRequest): Promise<unknown> }) {
  const id = useId();
  const [fields, setFields] = useState(INITIAL);
  const [done, setDone] = useState('');
  const set = (patch: Partial<typeof INITIAL>) => setFields((current) => ({ ...current, ...patch }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const { title, expiresIn, maxFiles, maxMB } = fields;
    // The endpoint counts stored bytes: ask for what this many MB of files take once encrypted (request-sizes.ts).
    const maxBytes = storedBudget(Math.round(maxMB * MB), maxFiles);
    setDone('');
    onCreate({ title: title.trim(), expiresIn, maxFiles, maxBytes, publicKey }).then(
      () => {
        setFields(INITIAL);
        setDone(`Created the request “${title.trim()}”: its link is ready to copy below.`);
      },
      () => undefined, // the section shows the error; the form keeps what was typed
    );
  }

  return (
    <form className="card request-form" onSubmit={submit} aria-label="New file request">
      <label htmlFor={`${id}-title`}>Title</label>
      <input id={`${id}-title`} required maxLength={200} value={fields.title} onChange={(e) => set({ title: e.target.value })} />
      <label htmlFor={`${id}-expiry`}>Open for</label>
      <select id={`${id}-expiry`} value={fields.expiresIn} onChange={(e) => set({ expiresIn: Number(e.target.value) })}>
        {EXPIRY_CHOICES.map((choice) => (
          <option key={choice.seconds} value={choice.seconds}>
            {choice.label}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-files`}>Most files</label>
      <input id={`${id}-files`} type="number" min={1} max={1000} required value={fields.maxFiles} onChange={(e) => set({ maxFiles: Number(e.target.value) })} />
      <label htmlFor={`${id}-size`}>Most total size (MB)</label>
      <input
        id={`${id}-size`}
        type="number"
        min={0.001}
        max={MAX_MB}
        step="any"
        required
        value={fields.maxMB}
        onChange={(e) => set({ maxMB: Number(e.target.value) })}
      />
      <button type="submit" disabled={busy}>
        Create request
      </button>
      <p role="status" className="notice">
        {done}
      </p>
    </form>
  );
}
