import type { MouseEvent } from 'react';
import { navigate, SECTIONS, type Section } from './router';

/** Links to the vault's sections; the current one is marked for eyes (style) and for screen readers (aria-current). */
export function SectionNav({ current }: { current: Section }) {
  function follow(event: MouseEvent<HTMLAnchorElement>, path: string) {
    // Let the browser handle new-tab and new-window clicks itself.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(path);
  }
  return (
    <nav aria-label="Vault" className="sections">
      <ul>
        {SECTIONS.map((section) => (
          <li key={section.id}>
            <a
              href={section.path}
              aria-current={section.id === current ? 'page' : undefined}
              onClick={(event) => follow(event, section.path)}
            >
              {section.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
