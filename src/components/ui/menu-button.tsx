import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import './menu-button.css';

/** One command of a menu. */
export interface MenuItem {
  label: string;
  onSelect(): void;
  /** Drawn in the danger colour (Delete). */
  danger?: boolean;
}

interface MenuButtonProps {
  /** The button's accessible name, which also names the menu ("Actions for notes.txt"). */
  label: string;
  /** What the button shows (an icon); the label is its name. */
  children: ReactNode;
  items: readonly MenuItem[];
  /** The button's tab stop (-1 inside a grid row that does not hold the grid's tab stop). */
  tabIndex?: number;
  className?: string;
}

/** Places the menu under its button (above when there is no room below), right edges aligned, inside the window. */
function place(button: HTMLElement, menu: HTMLElement): void {
  const anchor = button.getBoundingClientRect();
  const { offsetWidth: width, offsetHeight: height } = menu;
  const below = anchor.bottom + 4 + height <= window.innerHeight || anchor.top - 4 - height < 0;
  menu.style.top = `${below ? anchor.bottom + 4 : anchor.top - 4 - height}px`;
  menu.style.left = `${Math.max(4, Math.min(window.innerWidth - width - 4, anchor.right - width))}px`;
}

/**
 * A menu button after the WAI-ARIA Authoring Practices pattern: the button (aria-haspopup, aria-expanded) opens a
 * menu of commands; the first item takes the focus; Up and Down arrows move through the items (wrapping), Home and
 * End go to the ends, a letter goes to the next item starting with it; Enter or Space runs an item; Escape and Tab
 * close the menu; the focus goes back to the button whenever the menu closes. A click outside closes it too. The menu
 * is a popover in the top layer, so no scrolling list or row around the button clips it.
 */
export function MenuButton({ label, children, items, tabIndex, className }: MenuButtonProps) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const buttonId = useId();
  const menuId = useId();

  const close = useCallback(() => {
    setOpen(false);
    button.current?.focus();
  }, []);

  useLayoutEffect(() => {
    const list = menu.current;
    const anchor = button.current;
    if (!open || !list || !anchor) return;
    list.showPopover();
    place(anchor, list);
    list.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const follow = () => place(anchor, list);
    window.addEventListener('scroll', follow, true);
    window.addEventListener('resize', follow);
    return () => {
      window.removeEventListener('scroll', follow, true);
      window.removeEventListener('resize', follow);
    };
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const outside = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside, true);
    return () => document.removeEventListener('pointerdown', outside, true);
  }, [open]);

  function select(item: MenuItem) {
    // The focus is back on the button before the command runs, so a dialog it opens returns the focus there.
    close();
    item.onSelect();
  }

  function onMenuKey(event: KeyboardEvent<HTMLDivElement>) {
    // The menu's keys are its own: the list or page around it must not act on them too.
    event.stopPropagation();
    const entries = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = entries.indexOf(document.activeElement as HTMLElement);
    const to = (index: number) => entries[(index + entries.length) % entries.length]?.focus();
    if (event.key === 'ArrowDown') to(at + 1);
    else if (event.key === 'ArrowUp') to(at - 1);
    else if (event.key === 'Home') to(0);
    else if (event.key === 'End') to(entries.length - 1);
    else if (event.key === 'Escape' || event.key === 'Tab') close();
    else if (event.key.length === 1 && /\S/.test(event.key)) {
      const letter = event.key.toLowerCase();
      const order = [...entries.slice(at + 1), ...entries.slice(0, at + 1)];
      order.find((entry) => entry.textContent?.trim().toLowerCase().startsWith(letter))?.focus();
    } else return;
    event.preventDefault();
  }

  return (
    <>
      <button
        ref={button}
        id={buttonId}
        type="button"
        className={className}
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        tabIndex={tabIndex}
        onClick={() => setOpen((was) => !was)}
      >
        {children}
      </button>
      {open && (
        <div ref={menu} id={menuId} role="menu" aria-labelledby={buttonId} popover="manual" className="menu" onKeyDown={onMenuKey}>
          {items.map((item) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className={item.danger ? 'menu-item danger' : 'menu-item'}
              onClick={() => select(item)}
            >
              {item.label}
            </button>
          ))}
        </div>
      )}
    </>
  );
}
