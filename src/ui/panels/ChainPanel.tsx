import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TableName } from '../../engine/index.ts';
import type { ChainPage, TraceStep } from '../../engine/index.ts';
import { getLabStore, useLab } from '../../store/index.ts';
import type { TFunction } from 'i18next';
import {
  callStackAt,
  ruleMarksUpTo,
  type ChainFrame,
  type RuleMark,
  type TimelineEntry,
} from '../../store/timeline.ts';
import { chainKey } from '../../store/traceSlice.ts';
import { useDeferredStep } from '../app/selectors.ts';
import { useExplain } from '../app/useExplain.ts';
import { ChainSearchBox, ChainSearchResults } from './ChainSearch.tsx';
import { NatDiff } from './NatDiff.tsx';
import { NftChainPanel, nftChainAt } from './NftChainPanel.tsx';

type RuleStep = Extract<TraceStep, { kind: 'rule' }>;

/** The chain the packet is in now, or the last one it was in. */
function chainAt(timeline: TimelineEntry[], index: number): { table: TableName; chain: string } | null {
  // From the last step there is: a step index past the end (a link read before its trace arrived) must not make
  // this loop count down from 2^52.
  for (let i = Math.min(index, timeline.length - 1); i >= 0; i -= 1) {
    const s = timeline[i]?.step;
    // Native nftables steps have no iptables chain to show here (the nft chain view comes with the nft UI).
    if (s && s.kind !== 'nft-rule' && s.kind !== 'nft-chain' && s.kind !== 'nft-accept' && 'table' in s && 'chain' in s)
      return { table: s.table, chain: s.chain };
    if (s && (s.kind === 'hook' || s.kind === 'arrive')) return null;
  }
  return null;
}

/**
 * What the end of a chain reached by goto means (iptables(8), --goto): no return to the chain that did the goto;
 * back to the chain below it on the stack, or, when the goto left a built-in chain, that chain's policy.
 */
function gotoFooter(t: TFunction, stack: ChainFrame[], chain: string): string | null {
  const at = stack.findLastIndex((f) => f.chain === chain);
  const from = stack[at]?.gotoFrom;
  if (at < 0 || from === undefined) return null;
  const caller = stack[at - 1]?.chain;
  return caller === undefined ? t('hall:goto.footerPolicy', { from }) : t('hall:goto.footerCaller', { from, caller });
}

const MARK: Record<RuleMark, { icon: string; key: string; look: string }> = {
  matched: { icon: '✓', key: 'chain.matched', look: 'bg-sky-50' },
  'not-matched': { icon: '✗', key: 'chain.notMatched', look: 'text-slate-600' },
  current: { icon: '▶', key: 'chain.current', look: 'bg-amber-200 ring-2 ring-amber-600' },
};

function MatchResults({ step }: { step: RuleStep }) {
  const { t } = useTranslation('ui');
  const explain = useExplain();
  return (
    <ul data-testid="match-results" className="mt-1 space-y-1 border-l-4 border-amber-600 pl-2">
      {step.matches.map((m, i) => (
        <li key={i} data-testid="match-result" data-matched={m.matched} className="text-[14px]">
          <span aria-hidden className="mr-1 font-bold">
            {m.matched ? '✓' : '✗'}
          </span>
          <span className="sr-only">{m.matched ? t('chain.matched') : t('chain.notMatched')}</span>
          <code className="font-mono text-[13px]">{m.text}</code>
          {!m.simulated && <span className="ml-1 text-[12px] italic">({t('chain.notSimulated')})</span>}
          {m.explain.map((e, j) => (
            <div key={j} className="text-slate-800">
              {explain(e)}
            </div>
          ))}
        </li>
      ))}
      {step.target && (
        <li className="text-[14px] font-semibold">
          → {t('chain.target', { target: step.target.name })}
          {step.target.explain.map((e, j) => (
            <div key={j} className="font-normal text-slate-800">
              {explain(e)}
            </div>
          ))}
        </li>
      )}
    </ul>
  );
}

/** A rule row's usual height; rows are measured once drawn (the current rule grows with its match results). */
const RULE_ESTIMATE = 28;

interface RuleListProps {
  table: TableName;
  chain: string;
  page: ChainPage | undefined;
  marks: Map<number, RuleMark>;
  currentRule: RuleStep | null;
  /** 1-based: the rule the packet is at (or last met) in this chain. */
  focus: number;
}

/**
 * Every rule of the chain as one virtual list: only the rows in sight are drawn, and the rules in sight are fetched
 * from the engine a page at a time (KUBE-SERVICES of a 10,000-service dump holds 10,000 rules).
 */
function RuleList({ table, chain, page, marks, currentRule, focus }: RuleListProps) {
  const { t } = useTranslation('ui');
  const words = useTranslation('huge').t;
  const box = useRef<HTMLOListElement>(null);
  const total = page?.total ?? 0;
  // TanStack Virtual hands back fresh functions on every render by design, so the React Compiler leaves this
  // component unmemoised; nothing here is passed to a memoised child.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => box.current?.parentElement ?? null,
    estimateSize: () => RULE_ESTIMATE,
    overscan: 10,
    // A scroll (ours, following the packet, or the user's) re-renders the rows in React's own time, not in a
    // flushSync inside the scroll event, which also rendered whatever else was pending there (47 ms of End's task).
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const firstShown = items[0]?.index ?? 0;
  const lastShown = items[items.length - 1]?.index ?? 0;

  // The packet's rule comes into sight when the packet moves (or the chain's rules first arrive).
  useEffect(() => {
    if (total > 0) virtualizer.scrollToIndex(Math.min(total, focus) - 1, { align: 'auto' });
  }, [virtualizer, focus, total, table, chain]);

  // Scrolled away from the fetched page: fetch the rules now in sight.
  useEffect(() => {
    if (!page || total === 0) return;
    const inPage = (i: number) => i >= page.from && i < page.from + page.rules.length;
    if (!inPage(firstShown) || !inPage(lastShown))
      void getLabStore()
        .getState()
        .loadChainRules(table, chain, Math.floor((firstShown + lastShown) / 2) + 1);
  }, [page, total, firstShown, lastShown, table, chain]);

  return (
    <ol ref={box} className="relative" style={{ height: virtualizer.getTotalSize() }}>
      {items.map((item) => {
        const index = item.index + 1;
        const rule = page?.rules[item.index - page.from];
        const mark = marks.get(index);
        const look = mark ? MARK[mark] : null;
        return (
          <li
            key={item.key}
            data-index={item.index}
            ref={virtualizer.measureElement}
            data-testid={`rule-${table}-${chain}-${index}`}
            data-mark={mark ?? ''}
            aria-current={mark === 'current' ? 'step' : undefined}
            className={`absolute left-0 right-0 rounded px-1 py-0.5 ${look?.look ?? ''}`}
            style={{ transform: `translateY(${item.start}px)` }}
          >
            <button
              type="button"
              className="flex w-full items-start gap-1 text-left"
              onClick={() => getLabStore().getState().openRule(table, chain, index)}
            >
              <span className="w-8 shrink-0 text-right font-mono text-[12px] text-slate-500">{index}</span>
              <span aria-hidden className="w-4 shrink-0 text-center font-bold">
                {look?.icon ?? ''}
              </span>
              {look && <span className="sr-only">{t(look.key)}</span>}
              {rule ? (
                <code className="font-mono text-[13px] break-words">{rule.text}</code>
              ) : (
                <span className="text-[13px] text-slate-500">{words('chain.loadingRule', { index })}</span>
              )}
            </button>
            {mark === 'current' && currentRule && <MatchResults step={currentRule} />}
          </li>
        );
      })}
    </ol>
  );
}

export function ChainPanel() {
  const { t } = useTranslation('ui');
  // Drawn in the deferred render with the graph and the trace list, not in the step's own task (the rule list of
  // KUBE-SERVICES measures 10,000 rows' positions).
  const { timeline, stepIndex } = useDeferredStep();
  const pinned = useLab((s) => s.pinnedChain);
  const check = useLab((s) => s.check);
  const searching = useLab((s) => s.chainQuery.trim() !== '');
  const stack = useMemo(() => callStackAt(timeline, stepIndex), [timeline, stepIndex]);
  const pinnedNftNow = useLab((s) => s.pinnedNft);
  const pinnedNft = pinnedNftNow?.at === stepIndex ? pinnedNftNow : null;
  const shown = pinned ?? chainAt(timeline, stepIndex);
  const nftShown = pinned ? null : (pinnedNft ?? nftChainAt(timeline, stepIndex));
  const page = useLab((s) =>
    shown && s.check ? s.chainRules[chainKey(s.check.rulesetId, shown.table, shown.chain)] : undefined,
  );
  const current = timeline[stepIndex]?.step;
  const shownTable = shown?.table;
  const shownChain = shown?.chain;
  const marks = useMemo(
    () =>
      shownTable && shownChain
        ? ruleMarksUpTo(timeline, stepIndex, shownTable, shownChain)
        : new Map<number, RuleMark>(),
    [timeline, stepIndex, shownTable, shownChain],
  );

  const currentRule =
    current?.kind === 'rule' && current.table === shownTable && current.chain === shownChain ? current : null;
  const focus = currentRule?.index ?? Math.max(1, ...marks.keys());

  useEffect(() => {
    if (shownTable && shownChain) void getLabStore().getState().loadChainRules(shownTable, shownChain, focus);
  }, [shownTable, shownChain, check, focus]);

  if (nftShown && !searching) return <NftChainPanel chain={nftShown} pinned={pinnedNft !== null} />;

  const outline = shown
    ? check?.outline.find((o) => o.name === shown.table)?.chains.find((c) => c.name === shown.chain)
    : undefined;
  const total = page?.total ?? 0;
  const atPolicy =
    shown && current?.kind === 'policy' && current.table === shown.table && current.chain === shown.chain;
  const gotoEnd = shown && !pinned ? gotoFooter(t, stack, shown.chain) : null;

  return (
    <section data-testid="chain-panel" aria-label={t('chain.label')} className="flex h-full flex-col">
      <header className="border-b border-slate-300 px-3 py-2">
        {shown && stack.length > 1 && !pinned && (
          <nav aria-label={t('chain.path')} className="mb-1 flex flex-wrap gap-1 text-[12px] text-slate-700">
            {stack.map((f, i) => (
              <span key={`${f.chain}-${i}`} className="font-mono">
                {i > 0 && '→ '}
                {f.chain}
              </span>
            ))}
          </nav>
        )}
        {shown && (
          <h2 data-testid="chain-title" className="font-mono text-[17px] font-bold text-slate-950">
            {t('chain.title', { table: shown.table, chain: shown.chain })}
          </h2>
        )}
        {shown && pinned && (
          <div className="mt-1 flex items-center gap-2 text-[13px] text-slate-700">
            <span>{t('chain.pinned')}</span>
            <button
              type="button"
              className="rounded border border-slate-600 px-2 py-0.5 font-semibold"
              onClick={() => getLabStore().getState().followPacket()}
            >
              {t('chain.follow')}
            </button>
          </div>
        )}
        {check && <ChainSearchBox />}
      </header>
      {searching ? (
        <ChainSearchResults />
      ) : !shown ? (
        <p className="p-3 text-[15px] text-slate-700">{t('chain.none')}</p>
      ) : (
        <>
          {current?.kind === 'nat' && !pinned && (
            <div className="px-3 pt-2">
              <NatDiff
                before={current.before}
                after={current.after}
                changed={current.changed}
                explain={current.explain}
              />
            </div>
          )}
          <div className="flex-1 overflow-auto px-2 pb-2" data-testid="rule-list">
            {!page && <p className="text-slate-600">{t('chain.loading')}</p>}
            {page && total === 0 && <p className="text-slate-600">{t('chain.empty')}</p>}
            <RuleList
              table={shown.table}
              chain={shown.chain}
              page={page}
              marks={marks}
              currentRule={currentRule}
              focus={focus}
            />
            {(outline || page) && (
              <p
                data-testid="chain-policy"
                data-goto={gotoEnd ? 'true' : undefined}
                data-current={atPolicy}
                className={`mt-2 rounded border-t border-slate-300 px-1 pt-1 text-[14px] ${atPolicy ? 'bg-amber-200 font-bold ring-2 ring-amber-600' : 'text-slate-700'}`}
              >
                {atPolicy ? '▶ ' : ''}
                {outline?.builtin
                  ? t('chain.policy', { policy: outline.policy ?? '' })
                  : (gotoEnd ?? t('chain.userChain'))}
              </p>
            )}
          </div>
        </>
      )}
    </section>
  );
}
