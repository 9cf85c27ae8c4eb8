import { useTranslation } from 'react-i18next';
import type { Explanation, PacketView } from '../../engine/index.ts';
import { useExplain } from '../app/useExplain.ts';

const DIFF_FIELDS = ['src', 'sport', 'dst', 'dport', 'mark'] as const;

interface NatDiffProps {
  before: PacketView;
  after: PacketView;
  changed: string[];
  /** The engine's reason for the rewrite (a binding set up, applied, or undone for a reply). */
  explain?: Explanation | undefined;
  /** Larger type for presenter mode. */
  large?: boolean;
}

/**
 * A NAT rewrite as a before/after table, the fields the engine reports as changed marked with ✎. Fixed columns and
 * values that may break anywhere keep it inside a 320 px panel (the chain panel at 1280×720).
 */
export function NatDiff({ before, after, changed, explain, large = false }: NatDiffProps) {
  const { t } = useTranslation('ui');
  const render = useExplain();
  const fields = DIFF_FIELDS.filter((f) => before[f] !== undefined || after[f] !== undefined || changed.includes(f));
  const text = large ? 'text-[17px]' : 'text-[13px]';
  // 255.255.255.255 fits a 38 % column of the 320 px panel at 12 px.
  const mono = large ? '' : 'text-[12px]';
  return (
    <div
      data-testid="nat-diff"
      className="nat-diff rounded-md border-2 border-violet-800 bg-violet-50 p-2 text-slate-950"
    >
      <h3 className={`mb-1 font-bold text-violet-950 ${large ? 'text-[18px]' : 'text-[14px]'}`}>{t('nat.title')}</h3>
      <table className={`w-full table-fixed text-left ${text}`}>
        <colgroup>
          <col className="w-[24%]" />
          <col className="w-[38%]" />
          <col className="w-[38%]" />
        </colgroup>
        <thead>
          <tr className="text-slate-700">
            <th />
            <th>{t('nat.before')}</th>
            <th>{t('nat.after')}</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => {
            const isChanged = changed.includes(f);
            return (
              <tr key={f} data-changed={isChanged} className={`align-top ${isChanged ? 'font-bold' : ''}`}>
                <td className="pr-1 leading-tight text-slate-800">{t(`packet.fields.${f}`)}</td>
                <td className={`pr-1 font-mono break-all ${mono}`}>{String(before[f] ?? '')}</td>
                <td className={`font-mono break-all ${mono}`}>
                  {String(after[f] ?? '')}
                  {isChanged && (
                    <span className="ml-1 font-sans text-[12px]" aria-label={t('nat.changedField', { field: f })}>
                      ✎
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {explain && (
        <p data-testid="nat-reason" className={`mt-1 text-slate-900 ${large ? 'text-[18px]' : 'text-[13px]'}`}>
          {render(explain)}
        </p>
      )}
    </div>
  );
}
