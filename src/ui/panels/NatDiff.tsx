import { useTranslation } from 'react-i18next';
import type { PacketView } from '../../engine/index.ts';

const DIFF_FIELDS = ['src', 'sport', 'dst', 'dport', 'mark'] as const;

/** A NAT rewrite as a before/after table, the fields the engine reports as changed marked with ✎. */
export function NatDiff({ before, after, changed }: { before: PacketView; after: PacketView; changed: string[] }) {
  const { t } = useTranslation('ui');
  const fields = DIFF_FIELDS.filter((f) => before[f] !== undefined || after[f] !== undefined || changed.includes(f));
  return (
    <div data-testid="nat-diff" className="rounded-md border-2 border-violet-800 bg-violet-50 p-2">
      <h3 className="mb-1 text-[14px] font-bold text-violet-950">{t('nat.title')}</h3>
      <table className="w-full text-left text-[14px]">
        <thead>
          <tr className="text-slate-600">
            <th />
            <th>{t('nat.before')}</th>
            <th>{t('nat.after')}</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => {
            const isChanged = changed.includes(f);
            return (
              <tr key={f} data-changed={isChanged} className={isChanged ? 'font-bold' : ''}>
                <td className="pr-2 text-slate-700">{t(`packet.fields.${f}`)}</td>
                <td className="font-mono">{String(before[f] ?? '')}</td>
                <td className="font-mono">
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
    </div>
  );
}
