import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';

/** Why a toast went away: its time ran out, its action was taken, or the user closed it. */
export type ToastCloseReason = 'timeout' | 'action' | 'dismissed';

/** What a toast says and offers. */
export interface ToastOptions {
  message: string;
  /** 'error' toasts are announced assertively and stay until closed unless `durationMs` is given. */
  tone?: 'info' | 'error';
  /** One action, such as Undo. Taking it closes the toast with reason 'action'. */
  action?: { label: string; onAction(): void };
  /** How long the toast stays; the clock stops while the pointer or the keyboard focus is on it. Default 6 s. */
  durationMs?: number;
  /** Called once when the toast goes away, with the reason. */
  onClose?(reason: ToastCloseReason): void;
}

interface ShownToast extends ToastOptions {
  id: number;
}

/** Shows and closes toasts. */
export interface Toaster {
  /** Shows a toast and returns its id. */
  show(options: ToastOptions): number;
  /** Closes a toast (reason 'dismissed'); unknown ids are ignored. */
  dismiss(id: number): void;
}

const ToastContext = createContext<Toaster | null>(null);

const DEFAULT_DURATION_MS = 6000;

function ToastItem({ toast, close }: { toast: ShownToast; close(id: number, reason: ToastCloseReason): void }) {
  const [held, setHeld] = useState(false);
  const duration = toast.durationMs ?? (toast.tone === 'error' ? Infinity : DEFAULT_DURATION_MS);
  const remaining = useRef(duration);
  useEffect(() => {
    if (held || !Number.isFinite(remaining.current)) return;
    const started = Date.now();
    const timer = setTimeout(() => close(toast.id, 'timeout'), remaining.current);
    return () => {
      clearTimeout(timer);
      remaining.current -= Date.now() - started;
    };
  }, [held, close, toast.id]);
  return (
    <div
      className={`toast${toast.tone === 'error' ? ' toast-error' : ''}`}
      role={toast.tone === 'error' ? 'alert' : 'status'}
      onPointerEnter={() => setHeld(true)}
      onPointerLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
      <span>{toast.message}</span>
      {toast.action && (
        <button
          type="button"
          onClick={() => {
            toast.action?.onAction();
            close(toast.id, 'action');
          }}
        >
          {toast.action.label}
        </button>
      )}
      <button type="button" className="quiet" aria-label={`Close: ${toast.message}`} onClick={() => close(toast.id, 'dismissed')}>
        ×
      </button>
    </div>
  );
}

/**
 * Holds the app's toasts and shows them in one labelled region at the bottom of the screen: short results ("Deleted
 * 3 files") with at most one action (Undo). Info toasts are polite live regions, errors assertive.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ShownToast[]>([]);
  const nextId = useRef(1);
  const live = useRef(new Map<number, ShownToast>());

  const close = useCallback((id: number, reason: ToastCloseReason) => {
    const toast = live.current.get(id);
    if (!toast) return;
    live.current.delete(id);
    setToasts((all) => all.filter((t) => t.id !== id));
    toast.onClose?.(reason);
  }, []);

  const toaster = useMemo<Toaster>(
    () => ({
      show(options) {
        const toast = { ...options, id: nextId.current++ };
        live.current.set(toast.id, toast);
        setToasts((all) => [...all, toast]);
        return toast.id;
      },
      dismiss: (id) => close(id, 'dismissed'),
    }),
    [close],
  );

  return (
    <ToastContext.Provider value={toaster}>
      {children}
      <section className="toasts" aria-label="Notifications">
        {/* Live regions side by side, not a list: a list item that is a status or an alert is no list item. */}
        <div className="toast-stack">
          {toasts.map((toast) => (
            <ToastItem key={toast.id} toast={toast} close={close} />
          ))}
        </div>
      </section>
    </ToastContext.Provider>
  );
}

/** The app's toaster (inside ToastProvider). */
export function useToast(): Toaster {
  const toaster = useContext(ToastContext);
  if (!toaster) throw new Error('useToast needs a ToastProvider above it');
  return toaster;
}
