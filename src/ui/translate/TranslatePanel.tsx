// The "iptables → nft" tab: every iptables rule of the loaded ruleset beside the nftables rule iptables-nft stores
// for it (iptables-translate's line, from the engine), the rule of the current step (or the one clicked) on top.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RuleTranslationView } from '../../engine/index.ts';
import { getLabStore, useLab } from '../../store/index.ts';
import { currentTimeline } from '../../store/playbackSlice.ts';

/** The rule id of the step shown, when that step is an iptables rule. */
function useStepRuleId(): number | null {
  return useLab((s) => {
    const step = currentTimeline(s)[s.stepIndex]?.step;
    return step?.kind === 'rule' ? step.ruleId : null;
  });
}

function RulePair({ rule }: { rule: RuleTranslationView }) {
  const { t } = useTranslation('translate');
  return (
    <div className="grid grid-cols-1 gap-2 lg:grid-cols-2">
      <div>
        <div className="text-[12px] font-bold text-slate-600">{t('iptables')}</div>
        <code data-testid="translate-selected-iptables" className="block font-mono text-[13px] break-all">
          {rule.iptables}
        </code>
      </div>
      <div>
        <div className="text-[12px] font-bold text-slate-600">{t('nft')}</div>
        <code
          data-testid="translate-selected-nft"
          className="block font-mono text-[13px] break-all whitespace-pre-line"
        >
          {rule.nft}
        </code>
        {!rule.translated && (
          <p className="mt-1 text-[13px] text-amber-800">
            {t('untranslated', { modules: rule.untranslated.join(', ') })}
          </p>
        )}
        {rule.lost.length > 0 && (
          <div data-testid="translate-lost" className="mt-1 text-[13px] text-amber-900">
            <p className="font-bold">{t('lostTitle')}</p>
            <ul className="list-disc pl-5">
              {rule.lost.map((id) => (
                <li key={id}>{t(`lost.${id}`)}</li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </div>
  );
}

export function TranslatePanel() {
  const { t } = useTranslation('translate');
  const rulesetId = useLab((s) => s.check?.rulesetId);
  const translation = useLab((s) => s.translation);
  const stepRuleId = useStepRuleId();
  // A clicked rule is shown until the step changes: it remembers the step's rule it was clicked on.
  const [clicked, setClicked] = useState<{ id: number; on: number | null } | null>(null);

  useEffect(() => {
    if (rulesetId !== undefined) void getLabStore().getState().loadTranslation();
  }, [rulesetId]);

  const page = translation?.rulesetId === rulesetId ? translation?.page : undefined;
  if (!page) return <p className="p-3 text-[14px] text-slate-700">{t('loading')}</p>;
  if (page.total === 0)
    return (
      <p data-testid="translate-none" className="p-3 text-[14px] text-slate-700">
        {t('none')}
      </p>
    );
  const selectedId = clicked && clicked.on === stepRuleId ? clicked.id : stepRuleId;
  const selected = page.rules.find((r) => r.id === selectedId);
  const translated = page.rules.filter((r) => r.translated).length;
  return (
    // A scroll box keyboard users can reach (axe: scrollable-region-focusable), named like its tab.
    <div
      data-testid="translate-panel"
      role="region"
      aria-label={t('tab')}
      tabIndex={0}
      className="flex min-h-0 flex-1 flex-col gap-2 overflow-auto p-3 text-[14px]"
    >
      <p className="text-slate-700">{t('intro')}</p>
      <section aria-label={t('selected')} className="rounded border border-slate-300 bg-slate-50 p-2">
        <h3 className="mb-1 font-bold">
          {t('selected')}
          {selected && (
            <span className="ml-2 font-normal text-slate-600">
              {t('location', { table: selected.table, chain: selected.chain, index: selected.index })}
            </span>
          )}
        </h3>
        {selected ? <RulePair rule={selected} /> : <p className="text-slate-700">{t('noSelection')}</p>}
      </section>
      <p className="text-slate-700">
        {t('count', { rules: page.total, translated })}
        {page.total > page.rules.length && ` ${t('more', { shown: page.rules.length, total: page.total })}`}
      </p>
      <table className="w-full table-fixed border-collapse font-mono text-[13px]">
        <thead>
          <tr className="text-left font-sans text-[12px] text-slate-600">
            <th className="w-1/2 border-b border-slate-300 p-1">{t('iptables')}</th>
            <th className="w-1/2 border-b border-slate-300 p-1">{t('nft')}</th>
          </tr>
        </thead>
        <tbody>
          {page.rules.map((rule) => (
            <tr
              key={rule.id}
              data-testid="translate-row"
              aria-selected={rule.id === selectedId}
              onClick={() => setClicked({ id: rule.id, on: stepRuleId })}
              className={`cursor-pointer align-top ${rule.id === selectedId ? 'bg-amber-100' : 'hover:bg-slate-100'}`}
            >
              <td className="border-b border-slate-200 p-1 break-all">{rule.iptables}</td>
              <td
                className={`border-b border-slate-200 p-1 break-all whitespace-pre-line ${rule.translated ? '' : 'text-amber-800'}`}
              >
                {rule.nft}
                {rule.lost.length > 0 && (
                  <span className="ml-1 font-sans text-[12px] font-bold text-amber-900">({t('lostMark')})</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
