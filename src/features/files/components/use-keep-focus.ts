import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';

/**
 * Keeps the keyboard focus inside the file browser when the element that had it leaves the page - a folder row that
 * was opened, a breadcrumb that became the current location, a row renamed, moved or deleted, a dialog closed over a
 * row that is gone - by moving it to `fallback()` (the list's active row) instead of letting it fall to the page's
 * body, where the list's keys stop working. Focus that moved elsewhere on purpose is left alone.
 */
export function useKeepFocus(container: RefObject<HTMLElement | null>, fallback: () => HTMLElement | null | undefined): void {
  const last = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const root = container.current;
    if (!root) return;
    const onFocusIn = (event: FocusEvent) => {
      if (event.target instanceof HTMLElement) last.current = event.target;
    };
    const onFocusOut = (event: FocusEvent) => {
      const left = event.target;
      if (event.relatedTarget instanceof Node && root.contains(event.relatedTarget)) return;
      // Leaving for another part of the page (or another window): forget it, unless it left because it was removed.
      queueMicrotask(() => {
        if (left instanceof HTMLElement && left.isConnected && last.current === left) last.current = null;
      });
    };
    root.addEventListener('focusin', onFocusIn);
    root.addEventListener('focusout', onFocusOut);
    return () => {
      root.removeEventListener('focusin', onFocusIn);
      root.removeEventListener('focusout', onFocusOut);
    };
  }, [container]);

  // After every render: the element that had the focus is gone and nothing else took it.
  useLayoutEffect(() => {
    const lost = last.current;
    if (!lost || lost.isConnected) return;
    if (document.activeElement !== null && document.activeElement !== document.body) return;
    last.current = null;
    fallback()?.focus();
  });
}
