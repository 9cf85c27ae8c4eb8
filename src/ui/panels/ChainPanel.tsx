import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TableName } from '../../engine/index.ts';
import type { TraceStep } from '../../engine/index.ts';
import { getLabStore, useLab } from '../../store/index.ts';
import type { TFunction } from 'i18next';
import { ruleMarksUpTo, type ChainFrame, type RuleMark, type TimelineEntry } from '../../store/timeline.ts';
import { CHAIN_WINDOW, chainKey } from '../../store/traceSlice.ts';
import { useCallStack, useTimeline } from '../app/selectors.ts';
import { useExplain } from '../app/useExplain.ts';
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

export function ChainPanel() {
  const { t } = useTranslation('ui');
  const timeline = useTimeline();
  const stepIndex = useLab((s) => s.stepIndex);
  const pinned = useLab((s) => s.pinnedChain);
  const check = useLab((s) => s.check);
  const stack = useCallStack();
  const pinnedNft = useLab((s) => (s.pinnedNft?.at === s.stepIndex ? s.pinnedNft : null));
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

  if (nftShown) return <NftChainPanel chain={nftShown} pinned={pinnedNft !== null} />;
  if (!shown) return <p className="p-3 text-[15px] text-slate-700">{t('chain.none')}</p>;

  const outline = check?.outline.find((o) => o.name === shown.table)?.chains.find((c) => c.name === shown.chain);
  // Only a window around the packet's rule is drawn: KUBE-SERVICES can hold 10,000 rules.
  const total = page?.total ?? 0;
  const from = Math.max(0, focus - 1 - CHAIN_WINDOW);
  const to = Math.min(total, focus + CHAIN_WINDOW);
  const rules = page?.rules.filter((r) => r.index > from && r.index <= to);
  const atPolicy = current?.kind === 'policy' && current.table === shown.table && current.chain === shown.chain;
  const gotoEnd = pinned ? null : gotoFooter(t, stack, shown.chain);

  return (
    <section data-testid="chain-panel" aria-label={t('chain.label')} className="flex h-full flex-col">
      <header className="border-b border-slate-300 px-3 py-2">
        {stack.length > 1 && !pinned && (
          <nav aria-label={t('chain.path')} className="mb-1 flex flex-wrap gap-1 text-[12px] text-slate-700">
            {stack.map((f, i) => (
              <span key={`${f.chain}-${i}`} className="font-mono">
                {i > 0 && '→ '}
                {f.chain}
              </span>
            ))}
          </nav>
        )}
        <h2 data-testid="chain-title" className="font-mono text-[17px] font-bold text-slate-950">
          {t('chain.title', { table: shown.table, chain: shown.chain })}
        </h2>
        {pinned && (
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
      </header>
      {current?.kind === 'nat' && !pinned && (
        <div className="px-3 pt-2">
          <NatDiff before={current.before} after={current.after} changed={current.changed} explain={current.explain} />
        </div>
      )}
      <ol className="flex-1 overflow-auto px-2 py-2" data-testid="rule-list">
        {!page && <li className="text-slate-600">{t('chain.loading')}</li>}
        {page && total === 0 && <li className="text-slate-600">{t('chain.empty')}</li>}
        {from > 0 && <li className="px-1 text-[13px] text-slate-600">{t('chain.earlier', { count: from })}</li>}
        {rules?.map((rule) => {
          const mark = marks.get(rule.index);
          const look = mark ? MARK[mark] : null;
          return (
            <li
              key={rule.id}
              data-testid={`rule-${shown.table}-${shown.chain}-${rule.index}`}
              data-mark={mark ?? ''}
              aria-current={mark === 'current' ? 'step' : undefined}
              className={`mb-1 rounded px-1 py-0.5 ${look?.look ?? ''}`}
            >
              <button
                type="button"
                className="flex w-full items-start gap-1 text-left"
                onClick={() => getLabStore().getState().openRule(shown.table, shown.chain, rule.index)}
              >
                <span className="w-8 shrink-0 text-right font-mono text-[12px] text-slate-500">{rule.index}</span>
                <span aria-hidden className="w-4 shrink-0 text-center font-bold">
                  {look?.icon ?? ''}
                </span>
                {look && <span className="sr-only">{t(look.key)}</span>}
                <code className="font-mono text-[13px] break-words">{rule.text}</code>
              </button>
              {mark === 'current' && currentRule && <MatchResults step={currentRule} />}
            </li>
          );
        })}
        {to < total && <li className="px-1 text-[13px] text-slate-600">{t('chain.later', { count: total - to })}</li>}
        {(outline || page) && (
          <li
            data-testid="chain-policy"
            data-goto={gotoEnd ? 'true' : undefined}
            data-current={atPolicy}
            className={`mt-2 rounded border-t border-slate-300 px-1 pt-1 text-[14px] ${atPolicy ? 'bg-amber-200 font-bold ring-2 ring-amber-600' : 'text-slate-700'}`}
          >
            {atPolicy ? '▶ ' : ''}
            {outline?.builtin ? t('chain.policy', { policy: outline.policy ?? '' }) : (gotoEnd ?? t('chain.userChain'))}
          </li>
        )}
      </ol>
    </section>
  );
}
