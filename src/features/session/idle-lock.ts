/**
 * Locks the vault after a period without user activity: the master key and the crypto worker are dropped.
 */
import { useEffect, useState } from 'react';

/** Choices offered for the idle time, in minutes (0: never). */
export const AUTO_LOCK_CHOICES = [1, 5, 15, 30, 60, 0] as const;
/** The default idle time before the vault locks, in minutes. */
export const DEFAULT_AUTO_LOCK_MINUTES = 15;

const STORAGE_KEY = 'coffer.autoLockMinutes';
const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

/** The idle time the user chose (kept in local storage: it is a preference, not a secret). */
export function useAutoLockMinutes(): [number, (minutes: number) => void] {
  const [minutes, setMinutes] = useState(() => {
    const stored = Number(localStorage.getItem(STORAGE_KEY));
    return (AUTO_LOCK_CHOICES as readonly number[]).includes(stored) && localStorage.getItem(STORAGE_KEY) !== null
      ? stored
      : DEFAULT_AUTO_LOCK_MINUTES;
  });
  return [
    minutes,
    (next) => {
      localStorage.setItem(STORAGE_KEY, String(next));
      setMinutes(next);
    },
  ];
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
