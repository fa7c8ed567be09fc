/**
 * Locks the vault after a period without user activity: the master key and the crypto worker are dropped.
 */
import { useEffect, useSyncExternalStore } from 'react';

/** Choices offered for the idle time, in minutes (0: never). */
export const AUTO_LOCK_CHOICES = [1, 5, 15, 30, 60, 0] as const;
/** The default idle time before the vault locks, in minutes. */
export const DEFAULT_AUTO_LOCK_MINUTES = 15;

const STORAGE_KEY = 'coffer.autoLockMinutes';
const CHANGE_EVENT = 'coffer:auto-lock-minutes';
const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

function storedMinutes(): number {
  const stored = localStorage.getItem(STORAGE_KEY);
  const minutes = Number(stored);
  return stored !== null && (AUTO_LOCK_CHOICES as readonly number[]).includes(minutes) ? minutes : DEFAULT_AUTO_LOCK_MINUTES;
}

function subscribe(onChange: () => void): () => void {
  // Another tab changing it fires 'storage'; this tab fires its own event.
  window.addEventListener('storage', onChange);
  window.addEventListener(CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener('storage', onChange);
    window.removeEventListener(CHANGE_EVENT, onChange);
  };
}

function setStoredMinutes(minutes: number): void {
  localStorage.setItem(STORAGE_KEY, String(minutes));
  window.dispatchEvent(new Event(CHANGE_EVENT));
}

/**
 * The idle time the user chose (kept in local storage: it is a preference, not a secret). Every component using it
 * sees the same value: the settings screen changes what the shell's timer uses.
 */
export function useAutoLockMinutes(): [number, (minutes: number) => void] {
  return [useSyncExternalStore(subscribe, storedMinutes), setStoredMinutes];
}

/** Words for an idle-time choice, as the settings offer it. */
export function describeAutoLock(minutes: number): string {
  return minutes === 0 ? 'never' : minutes < 60 ? `after ${minutes} min` : 'after 1 hour';
}

/** Calls `lock` once `minutes` pass without activity while `active`; 0 minutes means never. */
export function useIdleLock(active: boolean, minutes: number, lock: () => void): void {
  useEffect(() => {
    if (!active || minutes <= 0) return;
    const limit = minutes * 60_000;
    let last = Date.now();
    const touch = () => {
      last = Date.now();
    };
    // A coarse timer: checking twice a minute is precise enough, and survives sleeping laptops (time is compared).
    const timer = window.setInterval(() => {
      if (Date.now() - last >= limit) lock();
    }, Math.min(30_000, limit));
    for (const event of ACTIVITY_EVENTS) window.addEventListener(event, touch, { passive: true });
    return () => {
      window.clearInterval(timer);
      for (const event of ACTIVITY_EVENTS) window.removeEventListener(event, touch);
    };
  }, [active, minutes, lock]);
}
