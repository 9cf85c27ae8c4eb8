import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { getLabStore, useLab } from '../../store/index.ts';
import { LabGraph } from '../graph/LabGraph.tsx';
import { ChainPanel } from '../panels/ChainPanel.tsx';
import { FateBadge } from '../panels/FateBadge.tsx';
import { PacketCard } from '../panels/PacketCard.tsx';
import { PlaybackControls } from '../panels/PlaybackControls.tsx';
import { TracePanel } from '../panels/TracePanel.tsx';
import { ExploreOutcomes } from '../batch/ExploreOutcomes.tsx';
import { PredictCard } from '../predict/PredictCard.tsx';
import { LessonPanel } from '../scenario/LessonPanel.tsx';
import { LessonSidebar } from '../lessons/LessonSidebar.tsx';
import { ScenarioTabs } from '../scenario/ScenarioTabs.tsx';
import { Header } from './Header.tsx';
import { PointerHighlight } from './PointerHighlight.tsx';
import { PresenterCaption } from './PresenterCaption.tsx';
import { StatusBar } from './StatusBar.tsx';
import { TraceProgress } from './TraceProgress.tsx';
import { UpdateNotice } from './UpdateNotice.tsx';
import { AutosaveBanner } from '../scenario/AutosaveBanner.tsx';
import { scenarioStarted } from '../scenario/bootScenario.ts';
import { useKeyboard } from './useKeyboard.ts';
import { usePlayClock } from './usePlayClock.ts';

export function App() {
  const { t } = useTranslation('ui');
  useKeyboard();
  usePlayClock();
  // The rules editor and the builders need room: the bottom area grows while one of them is open.
  const editing = useLab((s) => s.panelTab !== 'trace');
  // The Scale view's charts are what the class looks at then: the diagram keeps a strip, the charts get the room.
  const charting = useLab((s) => s.panelTab === 'scale');
  const presenting = useLab((s) => s.presenting);
  const presenterTheme = useLab((s) => s.presenterTheme);
  const pointer = useLab((s) => s.pointerHighlight);
  const lessons = useLab((s) => s.lessonListOpen || s.lessonId !== null);
  useEffect(() => {
    // Once a link in the address bar is read (in a worker), so the first trace is the link's, not the one before.
    void scenarioStarted.then(() => getLabStore().getState().requestTrace({ keepStep: true }));
  }, []);
  if (presenting) {
    return (
      <div
        data-testid="presenter"
        data-theme={presenterTheme}
        className={`flex h-full flex-col ${presenterTheme === 'dark' ? 'bg-slate-950' : 'bg-white'} text-slate-900`}
      >
        {/* Dark: the diagram's light colours inverted, hues kept (the amber of the current block stays amber). */}
        <div className={`min-h-0 flex-1 ${presenterTheme === 'dark' ? 'presenter-dark-graph' : ''}`}>
          <LabGraph />
        </div>
        <PresenterCaption />
        {pointer && <PointerHighlight />}
      </div>
    );
  }
  return (
    <div className="flex h-full flex-col bg-slate-100 text-slate-900">
      <Header />
      <UpdateNotice />
      <AutosaveBanner />
      {/*
        The status line and the trace's progress share one strip whose height never changes: a message that opens
        while a student clicks must not move what is under the pointer (a click pressed on a button and released a
        line lower lands on nothing). The progress, while shown, covers the status line.
      */}
      <div
        data-testid="status-strip"
        className="relative h-7 shrink-0 overflow-hidden border-b border-slate-300 bg-slate-100"
      >
        <div className="absolute inset-0">
          <StatusBar />
        </div>
        <div className="absolute inset-0 z-10 empty:hidden">
          <TraceProgress />
        </div>
      </div>
      <main
        className={`grid min-h-0 flex-1 grid-cols-[auto_minmax(0,1fr)_minmax(320px,26%)] ${
          charting
            ? 'grid-rows-[minmax(0,1fr)_minmax(280px,72%)]'
            : editing
              ? 'grid-rows-[minmax(0,1fr)_minmax(280px,56%)]'
              : 'grid-rows-[minmax(0,1fr)_minmax(200px,40%)] [@media(min-height:900px)]:grid-rows-[minmax(0,1fr)_minmax(200px,34%)]'
        }`}
      >
        {lessons ? <LessonSidebar /> : <LessonPanel />}
        <div className="min-h-0 border-r border-b border-slate-300 bg-white">
          <LabGraph />
        </div>
        <aside className="row-span-2 flex min-h-0 flex-col overflow-hidden border-l border-slate-300 bg-white">
          <PredictCard />
          <div className="min-h-0 flex-1">
            <ChainPanel />
          </div>
        </aside>
        <section className="flex min-h-0 flex-col border-r border-slate-300 bg-white">
          <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-300 px-3 py-1.5">
            <PlaybackControls />
            <FateBadge />
          </div>
          <ScenarioTabs
            trace={
              <div className="flex min-h-0 flex-1">
                <div className="min-w-0 flex-1">
                  <TracePanel />
                </div>
                {/* Explore mode: every outcome of the packet, with its exact probability, in a list one can read. */}
                <ExploreOutcomes />
                {/* A scrolling region is reachable from the keyboard (tabIndex 0) and named, so it can be scrolled by keys. */}
                <div
                  role="region"
                  aria-label={t('packet.label')}
                  tabIndex={0}
                  className="w-60 shrink-0 overflow-auto border-l border-slate-300 p-2 2xl:w-64"
                >
                  <PacketCard />
                </div>
              </div>
            }
          />
        </section>
      </main>
    </div>
  );
}
