/**
 * The unlocked vault's sections as real URLs (`/`, `/shares`, `/requests`, `/settings`), so back, forward, reload and
 * bookmarks work. The Node server answers every path outside /v1 with index.html (src/server/start.ts), and static
 * hosts need the same fallback (docs/deployment.md). Share (`/s/...`) and file-request (`/r/...`) links are handled
 * before this router, in app.tsx.
 */
import { useSyncExternalStore } from 'react';

/** A section of the unlocked vault. */
export type Section = 'files' | 'shares' | 'requests' | 'settings';

/** The sections in navigation order, with their path and visible name. */
export const SECTIONS: readonly { id: Section; path: string; label: string }[] = [
  { id: 'files', path: '/', label: 'Files' },
  { id: 'shares', path: '/shares', label: 'Shares' },
  { id: 'requests', path: '/requests', label: 'File requests' },
  { id: 'settings', path: '/settings', label: 'Settings' },
];

const NAVIGATE_EVENT = 'coffer:navigate';

/** The section a path shows; unknown paths (and `/files/...`, kept for folders) show the files. */
export function sectionOf(pathname: string): Section {
  const path = pathname.replace(/\/+$/, '') || '/';
  return SECTIONS.find((s) => s.path !== '/' && s.path === path)?.id ?? 'files';
}

/** The path of a section. */
export function pathOf(section: Section): string {
  return SECTIONS.find((s) => s.id === section)?.path ?? '/';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

/** The current path, updated on navigation and on back/forward. */
export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

/** Goes to a path in the app (a new history entry), keeping the query and fragment out of it. */
export function navigate(path: string): void {
  if (window.location.pathname === path && window.location.search === '' && window.location.hash === '') return;
  window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}
