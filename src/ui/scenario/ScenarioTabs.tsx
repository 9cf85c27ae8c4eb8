// The tabs under the timeline (DESIGN.md): the trace itself, then Rules editor · Host · Packets.
import { useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { RulesEditor } from '../editor/RulesEditor.tsx';
import { HostEditor } from './HostEditor.tsx';
import { PacketBuilder } from './PacketBuilder.tsx';

const TABS = ['trace', 'rules', 'host', 'packets'] as const;
export type ScenarioTab = (typeof TABS)[number];
type Tab = ScenarioTab;

/** `trace` is the app's trace view, shown under the first tab. */
export function ScenarioTabs({ trace, initial = 'trace' }: { trace: ReactNode; initial?: Tab }) {
  const { t } = useTranslation('scenario');
  const [tab, setTab] = useState<Tab>(initial);
  const onKey = (e: KeyboardEvent) => {
    const i = TABS.indexOf(tab);
    if (e.key === 'ArrowRight') setTab(TABS[(i + 1) % TABS.length] ?? 'rules');
    if (e.key === 'ArrowLeft') setTab(TABS[(i + TABS.length - 1) % TABS.length] ?? 'rules');
  };
  return (
    <div className="flex h-full min-h-0 flex-col bg-white">
      <div
        role="tablist"
        aria-label={t('tabs.label')}
        className="flex gap-1 border-b border-slate-300 px-2 pt-1"
        onKeyDown={onKey}
      >
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`scenario-tab-${name}`}
            data-testid={`tab-${name}`}
            aria-selected={tab === name}
            aria-controls={`scenario-panel-${name}`}
            tabIndex={tab === name ? 0 : -1}
            onClick={() => setTab(name)}
            className={`rounded-t border border-b-0 px-3 py-1 text-[14px] ${
              tab === name
                ? 'border-slate-400 bg-white font-bold text-slate-900 underline decoration-2 underline-offset-4'
                : 'border-transparent text-slate-700 hover:bg-slate-100'
            }`}
          >
            {t(`tabs.${name}`)}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`scenario-panel-${tab}`}
        aria-labelledby={`scenario-tab-${tab}`}
        className="relative min-h-0 flex-1"
      >
        {/* Absolutely filled, so every panel gets a definite height to scroll and to size CodeMirror in. */}
        <div className="absolute inset-0 flex flex-col">
          {tab === 'trace' && trace}
          {tab === 'rules' && <RulesEditor />}
          {tab === 'host' && <HostEditor />}
          {tab === 'packets' && <PacketBuilder />}
        </div>
      </div>
    </div>
  );
}
