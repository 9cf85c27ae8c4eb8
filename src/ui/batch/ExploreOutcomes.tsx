// Explore mode's outcomes as a visible list beside the trace (the header's picker cuts them to its width): each
// outcome of the explored packet with its fate, where it went, and its exact probability as a fraction and a
// decimal. Choosing one shows its trace.
import { useTranslation } from 'react-i18next';
import type { Outcome } from '../../engine/index.ts';
import { getLabStore, useLab } from '../../store/index.ts';
import { decimal, endpointOf } from './batchView.ts';

const NO_OUTCOMES: readonly Outcome[] = [];

export function ExploreOutcomes() {
  const { t } = useTranslation('batch');
  const outcomes = useLab((s) => (s.response?.ok && 'outcomes' in s.response ? s.response.outcomes : NO_OUTCOMES));
  const selected = useLab((s) => s.packetIndex);
  const explored = useLab((s) => s.exploredPacket);
  if (outcomes.length === 0) return null;
  return (
    <nav
      aria-label={t('outcomes.title', { n: explored + 1 })}
      className="w-64 shrink-0 overflow-auto border-l border-slate-300 p-2 text-[13px] 2xl:w-72"
      data-testid="explore-outcomes"
    >
      <h3 className="mb-1 font-semibold text-slate-900">{t('outcomes.title', { n: explored + 1 })}</h3>
      <ol className="flex flex-col gap-1">
        {outcomes.map((o, i) => (
          <li key={i}>
            <button
              type="button"
              aria-pressed={i === selected}
              data-testid={`explore-outcome-${i}`}
              onClick={() => getLabStore().getState().selectPacket(i)}
              className={`w-full rounded border px-2 py-1 text-left ${
                i === selected ? 'border-sky-700 bg-sky-50 outline-2 outline-sky-700' : 'border-slate-300 bg-white'
              } hover:bg-slate-100`}
            >
              <span className="block">
                {i + 1}.{' '}
                {t('outcomes.item', {
                  fate: t(`ui:fate.${o.fate}`, { iface: o.outIface ?? '' }),
                  dst: endpointOf(o),
                })}
              </span>
              <span className="block font-mono text-slate-800">
                {t('outcomes.probability', {
                  value:
                    o.fraction !== undefined ? `${o.fraction} = ${decimal(o.probability)}` : decimal(o.probability),
                })}
              </span>
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
