// The "iptables → nft" tab: every iptables rule of the loaded ruleset beside the nftables rule iptables-nft stores
// for it (iptables-translate's line, from the engine), the rule of the current step (or the one clicked) on top.
import { Fragment, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RuleTranslationView } from '../../engine/index.ts';
import { getLabStore, useLab } from '../../store/index.ts';
import { useCurrentEntry } from '../app/selectors.ts';

/** The rule id of the step shown, when that step is an iptables rule. */
function useStepRuleId(): number | null {
  const { entry } = useCurrentEntry();
  return entry?.step.kind === 'rule' ? entry.step.ruleId : null;
}

/** A rule has a note when iptables-translate cannot write it, or writes a line that does not mean what it means. */
const hasNotes = (rule: RuleTranslationView) => !rule.translated || rule.lost.length > 0;

/** Why a rule's nft line is missing or not equivalent, in sentences from the catalog. */
function RuleNotes({ rule, testId }: { rule: RuleTranslationView; testId: string }) {
  const { t } = useTranslation('translate');
  return (
    <>
      {!rule.translated && (
        <p className="mt-1 text-[13px] text-amber-800">
          {t('untranslated', { modules: rule.untranslated.join(', ') })}
        </p>
      )}
      {rule.lost.length > 0 && (
        <div data-testid={testId} className="mt-1 text-[13px] text-amber-900">
          <p className="font-bold">{t('lostTitle')}</p>
          <ul className="list-disc pl-5">
            {rule.lost.map((id) => (
              <li key={id}>{t(`lost.${id}`)}</li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
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
        <RuleNotes rule={rule} testId="translate-lost" />
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

  // A clicked rule's note opens below its row; the last rows' notes would open below the panel's edge.
  const noteRow = useRef<HTMLTableCellElement>(null);
  useEffect(() => {
    noteRow.current?.scrollIntoView({ block: 'nearest' });
  }, [clicked]);

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
          {page.rules.map((rule) => {
            const selectedHere = rule.id === selectedId;
            const noted = selectedHere && hasNotes(rule);
            const noteId = `translate-note-${rule.id}`;
            return (
              <Fragment key={rule.id}>
                <tr
                  data-testid="translate-row"
                  aria-selected={selectedHere}
                  onClick={() => setClicked({ id: rule.id, on: stepRuleId })}
                  className={`cursor-pointer align-top ${selectedHere ? 'bg-amber-100' : 'hover:bg-slate-100'}`}
                >
                  <td className="border-b border-slate-200 p-1 break-all">
                    {/* The row's keyboard and screen-reader handle: Enter or Space selects it (the click reaches
                        the row), and the selected rule's note below is its description. */}
                    <button
                      type="button"
                      aria-pressed={selectedHere}
                      aria-describedby={noted ? noteId : undefined}
                      className="w-full text-left font-mono break-all"
                    >
                      {rule.iptables}
                    </button>
                  </td>
                  <td
                    className={`border-b border-slate-200 p-1 break-all whitespace-pre-line ${rule.translated ? '' : 'text-amber-800'}`}
                  >
                    {rule.nft}
                    {rule.lost.length > 0 && (
                      <span className="ml-1 font-sans text-[12px] font-bold text-amber-900">({t('lostMark')})</span>
                    )}
                  </td>
                </tr>
                {/* The selected rule's note, beside the row the user is looking at (the box above may be out of
                    sight when a rule low in the list was clicked). */}
                {noted && (
                  <tr data-testid="translate-row-note" className="bg-amber-50">
                    <td
                      id={noteId}
                      ref={clicked?.id === rule.id ? noteRow : undefined}
                      colSpan={2}
                      className="border-b border-amber-300 px-2 pb-2 font-sans"
                    >
                      <RuleNotes rule={rule} testId="translate-row-lost" />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
