import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface TabDefinition {
  id: string;
  label: string;
  /** Rendered the first time the tab is opened, then kept (hidden) so typed input survives switching. */
  render: () => ReactNode;
}

/**
 * Tabs in the WAI-ARIA pattern: one tab stop, arrow keys (and Home/End) move between tabs, each
 * panel labelled by its tab. A panel is only rendered once opened, so a tab's data loads when the
 * admin first looks at it.
 */
export function Tabs({ tabs, label, initial }: { tabs: TabDefinition[]; label: string; initial?: string }) {
  const first = tabs.find((t) => t.id === initial)?.id ?? tabs[0]?.id ?? '';
  const [active, setActive] = useState(first);
  const [opened, setOpened] = useState<ReadonlySet<string>>(() => new Set([first]));
  const buttons = useRef(new Map<string, HTMLButtonElement>());

  const open = (id: string, focus = false) => {
    setActive(id);
    setOpened((seen) => (seen.has(id) ? seen : new Set([...seen, id])));
    if (focus) buttons.current.get(id)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const last = tabs.length - 1;
    const to = { ArrowRight: index === last ? 0 : index + 1, ArrowLeft: index === 0 ? last : index - 1, Home: 0, End: last }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const tab = tabs[to];
    if (tab) open(tab.id, true);
  };

  return (
    <>
      <div className="tabs" role="tablist" aria-label={label}>
        {tabs.map((tab, index) => (
          <button
            key={tab.id}
            ref={(el) => {
              if (el) buttons.current.set(tab.id, el);
              else buttons.current.delete(tab.id);
            }}
            type="button"
            role="tab"
            id={`tab-${tab.id}`}
            className="tab"
            aria-selected={tab.id === active}
            aria-controls={`tabpanel-${tab.id}`}
            tabIndex={tab.id === active ? 0 : -1}
            onClick={() => open(tab.id)}
            onKeyDown={(e) => onKeyDown(e, index)}
            data-testid={`tab-${tab.id}`}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {tabs
        .filter((tab) => opened.has(tab.id))
        .map((tab) => (
          <div key={tab.id} role="tabpanel" id={`tabpanel-${tab.id}`} aria-labelledby={`tab-${tab.id}`} className="tab-panel" hidden={tab.id !== active} data-testid={`tabpanel-${tab.id}`}>
            {tab.render()}
          </div>
        ))}
    </>
  );
}
