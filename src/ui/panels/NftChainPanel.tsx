// The chain panel for a native nftables chain: its declaration and rules as nft prints them, each rule marked by how
// it fared in the packet's current visit, and the statements of the rule being evaluated with ✓/✗ and the engine's
// sentence. Nothing is judged here: marks come from the trace's nft-rule steps.
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TraceStep } from '../../engine/index.ts';
import { getLabStore, useLab } from '../../store/index.ts';
import { isNftStep, nftChainKey, type NftChainRef } from '../../store/nftSlice.ts';
import type { TimelineEntry } from '../../store/timeline.ts';
import { useExplain } from '../app/useExplain.ts';
import { useDeferredStep } from '../app/selectors.ts';

type NftRuleStep = Extract<TraceStep, { kind: 'nft-rule' }>;
type Mark = 'matched' | 'not-matched' | 'current';

/** The nft chain the packet is in at `index` (the last chain-bearing step, if it is an nft one). */
export function nftChainAt(timeline: TimelineEntry[], index: number): NftChainRef | null {
  for (let i = Math.min(index, timeline.length - 1); i >= 0; i -= 1) {
    const s = timeline[i]?.step;
    if (isNftStep(s)) return { family: s.family, table: s.table, chain: s.chain };
    if (!s || s.kind === 'hook' || s.kind === 'arrive' || 'table' in s) return null;
  }
  return null;
}

/** How each rule of the chain fared in the packet's latest visit up to `index` (rule index → mark). */
function marksOf(timeline: TimelineEntry[], index: number, ref: NftChainRef): Map<number, Mark> {
  const marks = new Map<number, Mark>();
  for (let i = Math.min(index, timeline.length - 1); i >= 0; i -= 1) {
    const s = timeline[i]?.step;
    if (!s || s.kind === 'hook') break;
    if (!isNftStep(s) || s.family !== ref.family || s.table !== ref.table || s.chain !== ref.chain) continue;
    if (s.kind === 'nft-chain' && s.via !== 'return') break;
    if (s.kind === 'nft-rule' && !marks.has(s.index))
      marks.set(s.index, i === index ? 'current' : s.matched ? 'matched' : 'not-matched');
  }
  return marks;
}

const MARK: Record<Mark, { icon: string; key: string; look: string }> = {
  matched: { icon: '✓', key: 'ui:chain.matched', look: 'bg-sky-50' },
  'not-matched': { icon: '✗', key: 'ui:chain.notMatched', look: 'text-slate-600' },
  current: { icon: '▶', key: 'ui:chain.current', look: 'bg-amber-200 ring-2 ring-amber-600' },
};

function Statements({ step }: { step: NftRuleStep }) {
  const { t } = useTranslation('nftlab');
  const explain = useExplain();
  return (
    <ul data-testid="nft-statements" className="mt-1 space-y-1 border-l-4 border-amber-600 pl-2">
      {step.statements.map((st, i) => (
        <li key={i} data-matched={st.matched} className="text-[14px]">
          <span aria-hidden className="mr-1 font-bold">
            {st.matched ? '✓' : '✗'}
          </span>
          <span className="sr-only">{st.matched ? t('ui:chain.matched') : t('ui:chain.notMatched')}</span>
          <code className="font-mono text-[13px]">{st.text}</code>
          {!st.simulated && <span className="ml-1 text-[12px] italic">({t('ui:chain.notSimulated')})</span>}
          {st.explain.map((e, j) => (
            <div key={j} className="text-slate-800">
              {explain(e)}
            </div>
          ))}
        </li>
      ))}
      {step.verdict && (
        <li className="text-[14px] font-semibold">→ {t('nftlab:chain.verdict', { verdict: step.verdict })}</li>
      )}
    </ul>
  );
}

export function NftChainPanel({ chain, pinned }: { chain: NftChainRef; pinned: boolean }) {
  const { t } = useTranslation('nftlab');
  const { timeline: entries, stepIndex } = useDeferredStep();
  const view = useLab((s) => (s.check ? s.nftChains[nftChainKey(s.check.rulesetId, chain)] : undefined));
  const rulesetId = useLab((s) => s.check?.rulesetId);
  const { family, table, chain: name } = chain;
  useEffect(() => {
    if (rulesetId !== undefined) void getLabStore().getState().loadNftChain({ family, table, chain: name });
  }, [rulesetId, family, table, name]);
  const marks = useMemo(
    () => (pinned ? new Map<number, Mark>() : marksOf(entries, stepIndex, { family, table, chain: name })),
    [entries, stepIndex, family, table, name, pinned],
  );
  const current = entries[stepIndex]?.step;
  const currentRule =
    !pinned && current?.kind === 'nft-rule' && current.table === table && current.chain === name ? current : null;
  const atPolicy =
    !pinned &&
    current?.kind === 'nft-accept' &&
    current.by === 'policy' &&
    current.chain === name &&
    current.table === table;
  const b = view?.base;
  return (
    <section data-testid="nft-chain-panel" aria-label={t('ui:chain.label')} className="flex h-full flex-col">
      <header className="border-b border-slate-300 px-3 py-2">
        <h2 data-testid="chain-title" className="font-mono text-[17px] font-bold text-slate-950">
          {t('nftlab:chain.title', { family, table, chain: name })}
        </h2>
        {b && (
          <p data-testid="nft-base-decl" className="font-mono text-[13px] text-slate-800">
            {t('nftlab:chain.declaration', { type: b.type, hook: b.hook, priority: b.priority, policy: b.policy })}
          </p>
        )}
        {pinned && (
          <div className="mt-1 flex items-center gap-2 text-[13px] text-slate-700">
            <span>{t('ui:chain.pinned')}</span>
          </div>
        )}
      </header>
      <ol className="flex-1 overflow-auto px-2 py-2" data-testid="rule-list">
        {!view && <li className="text-slate-600">{t('ui:chain.loading')}</li>}
        {view && view.rules.length === 0 && <li className="text-slate-600">{t('ui:chain.empty')}</li>}
        {view?.rules.map((rule) => {
          const mark = marks.get(rule.index);
          const look = mark ? MARK[mark] : null;
          return (
            <li
              key={rule.index}
              data-testid={`nftrule-${rule.index}`}
              data-mark={mark ?? ''}
              aria-current={mark === 'current' ? 'step' : undefined}
              className={`mb-1 rounded px-1 py-0.5 ${look?.look ?? ''}`}
            >
              <div className="flex w-full items-start gap-1 text-left">
                <span className="w-8 shrink-0 text-right font-mono text-[12px] text-slate-500">{rule.index}</span>
                <span aria-hidden className="w-4 shrink-0 text-center font-bold">
                  {look?.icon ?? ''}
                </span>
                {look && <span className="sr-only">{t(look.key)}</span>}
                <code className="font-mono text-[13px] break-words">{rule.text}</code>
              </div>
              {mark === 'current' && currentRule && <Statements step={currentRule} />}
            </li>
          );
        })}
        {b && (
          <li
            data-testid="chain-policy"
            data-current={atPolicy}
            className={`mt-2 rounded border-t border-slate-300 px-1 pt-1 text-[14px] ${atPolicy ? 'bg-amber-200 font-bold ring-2 ring-amber-600' : 'text-slate-700'}`}
          >
            {atPolicy ? '▶ ' : ''}
            {t('nftlab:chain.policy', { policy: b.policy })}
          </li>
        )}
        {view && !b && (
          <li className="mt-2 border-t border-slate-300 px-1 pt-1 text-[14px]">{t('nftlab:chain.regular')}</li>
        )}
      </ol>
    </section>
  );
}
