import { useId, useState, type FormEvent } from 'react';
import type { CreateRequest } from '../../../protocol';

const EXPIRY_CHOICES = [
  { label: '1 hour', seconds: 3600 },
  { label: '1 day', seconds: 86_400 },
  { label: '7 days', seconds: 7 * 86_400 },
  { label: '30 days', seconds: 30 * 86_400 },
] as const;

const MiB = 1024 * 1024;

/** The owner's form for a new file request: title, expiry, and limits on files and total size. */
export function CreateRequestForm({ publicKey, busy, onCreate }: { publicKey: string; busy: boolean; onCreate(request: CreateRequest): void }) {
  const id = useId();
  const [title, setTitle] = useState('');
  const [expiresIn, setExpiresIn] = useState<number>(EXPIRY_CHOICES[2].seconds);
  const [maxFiles, setMaxFiles] = useState(10);
  const [maxMiB, setMaxMiB] = useState(100);

  function submit(event: FormEvent) {
    event.preventDefault();
    onCreate({ title: title.trim(), expiresIn, maxFiles, maxBytes: Math.round(maxMiB * MiB), publicKey });
  }

  return (
    <form className="card request-form" onSubmit={submit} aria-label="New file request">
      <label htmlFor={`${id}-title`}>Title</label>
      <input id={`${id}-title`} required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
      <label htmlFor={`${id}-expiry`}>Open for</label>
      <select id={`${id}-expiry`} value={expiresIn} onChange={(e) => setExpiresIn(Number(e.target.value))}>
        {EXPIRY_CHOICES.map((choice) => (
          <option key={choice.seconds} value={choice.seconds}>
            {choice.label}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-files`}>Most files</label>
      <input id={`${id}-files`} type="number" min={1} max={1000} required value={maxFiles} onChange={(e) => setMaxFiles(Number(e.target.value))} />
      <label htmlFor={`${id}-size`}>Most total size (MiB)</label>
      <input id={`${id}-size`} type="number" min={0.01} step="any" required value={maxMiB} onChange={(e) => setMaxMiB(Number(e.target.value))} />
      <button type="submit" disabled={busy}>
        Create request
      </button>
    </form>
  );
}
