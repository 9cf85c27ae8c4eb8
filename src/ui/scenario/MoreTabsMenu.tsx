// The tabs the one-line strip cannot show, as a menu button (WAI-ARIA menu button pattern): ↓/↑ move between the
// entries, Enter picks one, Escape closes and gives the focus back to the button. A tab picked with the mouse takes
// no focus, as a tab clicked in the strip does, so ← → keep stepping the packet.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

export interface MoreTab {
  name: string;
  label: string;
}

interface MoreTabsMenuProps {
  tabs: MoreTab[];
  /** `keyboard`: the pick came from the keyboard, and the focus goes to the picked tab. */
  onPick(name: string, keyboard: boolean): void;
}

/** Shown only while some tabs are out of sight (the parent unmounts it when none is: it then forgets it was open). */
export function MoreTabsMenu({ tabs, onPick }: MoreTabsMenuProps) {
  const { t } = useTranslation('scenario');
  const [open, setOpen] = useState<false | 'mouse' | 'keyboard'>(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  const id = useId();
  const items = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];

  useEffect(() => {
    if (!open) return;
    if (open === 'keyboard') items()[0]?.focus();
    const away = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    window.addEventListener('pointerdown', away, true);
    return () => window.removeEventListener('pointerdown', away, true);
  }, [open]);

  const onMenuKey = (e: KeyboardEvent) => {
    const list = items();
    const at = list.indexOf(document.activeElement as HTMLElement);
    const move = (i: number) => list[(i + list.length) % list.length]?.focus();
    if (e.key === 'ArrowDown') move(at + 1);
    else if (e.key === 'ArrowUp') move(at - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(list.length - 1);
    else if (e.key === 'Escape') {
      setOpen(false);
      button.current?.focus();
    } else if (e.key === 'Tab') {
      setOpen(false);
      return;
    } else return;
    // The lab binds these keys to the playback: inside the menu they are the menu's.
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div className="relative shrink-0 pb-1">
      <button
        ref={button}
        type="button"
        data-testid="tabs-more"
        aria-haspopup="menu"
        aria-expanded={open !== false}
        aria-controls={open ? id : undefined}
        title={tabs.map((tab) => tab.label).join(' · ')}
        // A click from the keyboard (Enter, Space) has no pointer position: detail is 0.
        onClick={(e) => setOpen(open ? false : e.detail === 0 ? 'keyboard' : 'mouse')}
        onKeyDown={(e) => {
          if (e.key !== 'ArrowDown') return;
          e.preventDefault();
          e.stopPropagation();
          setOpen('keyboard');
        }}
        onMouseDown={(e) => e.preventDefault()}
        className="rounded border border-slate-400 bg-white px-2 py-0.5 text-[14px] whitespace-nowrap text-slate-800 hover:bg-slate-100"
      >
        {t('tabs.more', { count: tabs.length })} <span aria-hidden>▾</span>
      </button>
      {open && (
        <ul
          ref={menu}
          id={id}
          role="menu"
          aria-label={t('tabs.moreLabel')}
          data-testid="tabs-more-menu"
          onKeyDown={onMenuKey}
          className="absolute right-0 bottom-full z-30 mb-1 flex min-w-[10rem] flex-col rounded border border-slate-400 bg-white py-1 shadow-lg"
        >
          {tabs.map((tab) => (
            <li key={tab.name} role="none">
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                data-testid={`tabs-more-${tab.name}`}
                onMouseDown={(e) => e.preventDefault()}
                onClick={(e) => {
                  const keyboard = e.detail === 0;
                  setOpen(false);
                  onPick(tab.name, keyboard);
                }}
                className="w-full px-3 py-1 text-left text-[14px] whitespace-nowrap text-slate-900 hover:bg-sky-50 focus:bg-sky-100"
              >
                {tab.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
