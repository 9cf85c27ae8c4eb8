// The tabs under the timeline (DESIGN.md): the trace itself, then Rules editor · Host · Packets.
import { lazy, Suspense, useLayoutEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { getLabStore, useLab } from '../../store/index.ts';
import type { PanelTab } from '../../store/scenarioSlice.ts';
import { ErrorBoundary } from '../app/ErrorBoundary.tsx';
import { EditorToolbar } from './EditorToolbar.tsx';
import { MoreTabsMenu } from './MoreTabsMenu.tsx';
import { scrollTabIntoStrip, useTabOverflow } from './useTabOverflow.ts';
import { HostEditor } from './HostEditor.tsx';
import { PacketBuilder } from './PacketBuilder.tsx';
import { PredictHidden } from '../predict/PredictCard.tsx';
import { usePredictHides } from '../predict/usePredict.ts';

// CodeMirror is most of the app's code and the Rules editor tab is closed at start: load it when first opened.
const RulesEditor = lazy(() => import('../editor/RulesEditor.tsx').then((m) => ({ default: m.RulesEditor })));
// The listings format with the engine's report functions: that code arrives when one of these tabs is opened.
const CountersPanel = lazy(() => import('../teach/CountersPanel.tsx').then((m) => ({ default: m.CountersPanel })));
const ConntrackPanel = lazy(() => import('../teach/ConntrackPanel.tsx').then((m) => ({ default: m.ConntrackPanel })));
const ChallengesPanel = lazy(() =>
  import('../teach/ChallengesPanel.tsx').then((m) => ({ default: m.ChallengesPanel })),
);
// The scale lab brings its chart library (uPlot) with it: nothing of it loads until the tab is opened.
// The Batch tab brings uPlot too, and the batch's own views: loaded when first opened.
const BatchPanel = lazy(() => import('../batch/BatchPanel.tsx').then((m) => ({ default: m.BatchPanel })));
const ScalePanel = lazy(() => import('../scale/ScalePanel.tsx').then((m) => ({ default: m.ScalePanel })));
const ExportPanel = lazy(() => import('../teach/ExportPanel.tsx').then((m) => ({ default: m.ExportPanel })));
const TranslatePanel = lazy(() =>
  import('../translate/TranslatePanel.tsx').then((m) => ({ default: m.TranslatePanel })),
);

const TABS: readonly PanelTab[] = [
  'trace',
  'rules',
  'host',
  'packets',
  'batch',
  'counters',
  'conntrack',
  'export',
  'challenges',
  'scale',
  'translate',
];

/** `trace` is the app's trace view, shown under the first tab. The open tab is a view option in the store. */
export function ScenarioTabs({ trace }: { trace: ReactNode }) {
  const { t } = useTranslation('scenario');
  const tab = useLab((s) => s.panelTab);
  // Batches, counters, conntrack -L and the exported trace tell what the packet did: not while a prediction is open.
  const hidden =
    usePredictHides() && (tab === 'batch' || tab === 'counters' || tab === 'conntrack' || tab === 'export');
  const setTab = (next: PanelTab) => getLabStore().getState().setPanelTab(next);
  // ←/→ move between tabs (WAI-ARIA tabs pattern) and must not also step the trace, which the app binds to them.
  // They do so only for a keyboard user who moved the focus into the tablist: a tab clicked with the mouse does not
  // take the focus (see onMouseDown), so ←/→ keep stepping the packet after a click, as a presenter expects.
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    e.preventDefault();
    e.stopPropagation();
    const i = TABS.indexOf(tab);
    const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length] ?? 'trace';
    setTab(next);
    document.getElementById(`scenario-tab-${next}`)?.focus();
  };
  const label = (name: PanelTab) =>
    // The Batch tab's words live in its own catalog namespace (batch.json).
    name === 'batch' ? t('batch:tab') : name === 'translate' ? t('translate:tab') : t(`tabs.${name}`);
  const strip = useRef<HTMLDivElement>(null);
  const more = useRef<HTMLDivElement>(null);
  const overflow = useTabOverflow(strip, more);
  // The open tab is always in sight in the strip, however it was opened (a link, the More menu, a lesson).
  useLayoutEffect(() => {
    const el = strip.current;
    const open = document.getElementById(`scenario-tab-${tab}`);
    if (el && open) scrollTabIntoStrip(el, open);
  }, [tab]);
  const pickHidden = (name: string, keyboard: boolean) => {
    setTab(name as PanelTab);
    if (keyboard) document.getElementById(`scenario-tab-${name}`)?.focus();
  };
  const fade = overflow.after
    ? overflow.before
      ? 'linear-gradient(to right, transparent, black 24px, black calc(100% - 24px), transparent)'
      : 'linear-gradient(to right, black calc(100% - 24px), transparent)'
    : overflow.before
      ? 'linear-gradient(to right, transparent, black 24px)'
      : undefined;
  return (
    <div className="flex h-full min-h-0 flex-col bg-white">
      {/* One line, always (at 1280×720 in Japanese, or beside an open lesson, eleven tabs do not fit): words never
          break inside a tab (CJK text would break between any two characters); the strip scrolls sideways, fading
          at the side that has more, and the tabs out of sight are also in the More menu beside it. */}
      <div data-testid="tab-bar" className="flex items-end gap-x-1.5 border-b border-slate-300 px-2 pt-1">
        <div
          ref={strip}
          role="tablist"
          aria-label={t('tabs.label')}
          className="flex min-w-0 flex-1 gap-0.5 overflow-x-auto overflow-y-hidden pr-1 [scrollbar-width:none]"
          style={fade ? { maskImage: fade } : undefined}
          onKeyDown={onKey}
        >
          {TABS.map((name) => (
            <button
              key={name}
              type="button"
              role="tab"
              id={`scenario-tab-${name}`}
              data-testid={`tab-${name}`}
              data-tab={name}
              aria-selected={tab === name}
              aria-controls={`scenario-panel-${name}`}
              tabIndex={tab === name ? 0 : -1}
              onClick={() => setTab(name)}
              onMouseDown={(e) => {
                e.preventDefault();
                // Focus the keyboard left on another tab goes too: after a click, the arrows step again.
                if (document.activeElement?.getAttribute('role') === 'tab')
                  (document.activeElement as HTMLElement).blur();
              }}
              className={`shrink-0 rounded-t border border-b-0 px-1.5 py-1 text-[14px] whitespace-nowrap 2xl:px-2 ${
                tab === name
                  ? 'border-slate-400 bg-white font-bold text-slate-900 underline decoration-2 underline-offset-4'
                  : 'border-transparent text-slate-700 hover:bg-slate-100'
              }`}
            >
              {label(name)}
            </button>
          ))}
        </div>
        {overflow.hidden.length > 0 && (
          <div ref={more} className="shrink-0">
            <MoreTabsMenu
              tabs={overflow.hidden.map((name) => ({ name, label: label(name as PanelTab) }))}
              onPick={pickHidden}
            />
          </div>
        )}
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
          {tab === 'rules' && (
            // The editor's code arrives on first use: if it cannot, the other tabs and the trace still work.
            <ErrorBoundary scope="panel">
              <Suspense fallback={<p className="p-3 text-[14px] text-slate-700">{t('editor.loading')}</p>}>
                <RulesEditor />
              </Suspense>
            </ErrorBoundary>
          )}
          {/* The scenario's undo, redo and reset head every editor tab (the rules editor's own toolbar holds them). */}
          {(tab === 'host' || tab === 'packets') && <EditorToolbar />}
          {tab === 'host' && (
            <div className="min-h-0 flex-1">
              <HostEditor />
            </div>
          )}
          {tab === 'packets' && (
            <div className="min-h-0 flex-1">
              <PacketBuilder />
            </div>
          )}
          {hidden && <PredictHidden />}
          {!hidden &&
            (tab === 'batch' ||
              tab === 'counters' ||
              tab === 'conntrack' ||
              tab === 'export' ||
              tab === 'challenges' ||
              tab === 'scale' ||
              tab === 'translate') && (
              <ErrorBoundary scope="panel">
                <Suspense fallback={<p className="p-3 text-[14px] text-slate-700">{t('editor.loading')}</p>}>
                  {tab === 'batch' ? (
                    <BatchPanel />
                  ) : tab === 'counters' ? (
                    <CountersPanel />
                  ) : tab === 'conntrack' ? (
                    <ConntrackPanel />
                  ) : tab === 'export' ? (
                    <ExportPanel />
                  ) : tab === 'scale' ? (
                    <ScalePanel />
                  ) : tab === 'translate' ? (
                    <TranslatePanel />
                  ) : (
                    <ChallengesPanel />
                  )}
                </Suspense>
              </ErrorBoundary>
            )}
        </div>
      </div>
    </div>
  );
}
