// What a step shows under its text: explore's outcomes with their exact probabilities, the IPVS comparison, or the
// scale figures. Each replays what the engine (or the scale lab) answered; nothing here computes netfilter.
import { useTranslation } from 'react-i18next';
import { asFraction } from '../../lessons/judge.ts';
import { getLabStore, useLab } from '../../store/index.ts';
import type { CompareSide } from '../../store/lessonSlice.ts';
import type { ScalePoint } from '../../engine/index.ts';
import { BUTTON } from '../scenario/styles.ts';
import { CompareDiagram } from './CompareDiagram.tsx';
import { stopName } from './stopName.ts';

function fractionText(p: number): string {
  const f = asFraction(p);
  if (f) return `${f.n}/${f.d}`;
  // Not a small fraction (715827883/2³¹ is not 1/3): the nearest one with a small denominator.
  for (let d = 2; d <= 16; d += 1) {
    const n = Math.round(p * d);
    if (Math.abs(n / d - p) < 1e-6) return `${n}/${d}`;
  }
  return p.toFixed(4);
}

export function OutcomesView() {
  const { t } = useTranslation('lessons');
  const outcomes = useLab((s) => (s.response?.ok && 'outcomes' in s.response ? s.response.outcomes : null));
  if (!outcomes) return <p className="text-[13px] text-slate-700">{t('outcomes.wait')}</p>;
  const sum = outcomes.reduce((a, o) => a + o.probability, 0);
  return (
    <section aria-label={t('outcomes.title')} data-testid="lesson-outcomes" className="rounded bg-slate-100 p-2">
      <h4 className="text-[13px] font-bold">{t('outcomes.title')}</h4>
      <ol className="list-decimal pl-5 text-[13px]">
        {outcomes.map((o, i) => (
          <li key={i} className="font-mono">
            {t('outcomes.item', {
              exact: o.probability.toPrecision(17),
              fraction: fractionText(o.probability),
              dst: o.packet.dport === undefined ? o.packet.dst : `${o.packet.dst}:${o.packet.dport}`,
            })}
          </li>
        ))}
      </ol>
      <p className="text-[13px]">{t('outcomes.sum', { sum: sum.toPrecision(17) })}</p>
    </section>
  );
}

function Side({ title, side, testId }: { title: string; side: CompareSide; testId: string }) {
  const { t } = useTranslation('lessons');
  return (
    <div className="min-w-0 flex-1 rounded border border-slate-300 p-1.5" data-testid={testId}>
      <h5 className="text-[13px] font-bold">{title}</h5>
      <CompareDiagram side={side} testId={`${testId}-diagram`} />
      <p className="text-[12px] text-slate-700">{t('compare.stops')}</p>
      <ol className="list-decimal pl-5 font-mono text-[12px]">
        {side.stops.map((s, i) => (
          <li
            key={i}
            className={s.endsWith(':ipvs') || s.startsWith('FORWARD') || s === 'INPUT:filter' ? 'font-bold' : ''}
          >
            {stopName(s)}
          </li>
        ))}
      </ol>
      <p className="text-[12px]">
        {t('compare.sentTo', {
          dst: side.dport === undefined ? side.dst : `${side.dst}:${side.dport}`,
          iface: side.outIface ?? '',
        })}
      </p>
    </div>
  );
}

export function CompareView() {
  const { t } = useTranslation('lessons');
  const compare = useLab((s) => s.lessonCompare);
  if (!compare) return <p className="text-[13px] text-slate-700">{t('compare.wait')}</p>;
  return (
    <section aria-label={t('compare.title')} className="flex flex-col gap-1">
      <h4 className="text-[13px] font-bold">{t('compare.title')}</h4>
      <div className="flex gap-1.5">
        <Side title={t('compare.iptables')} side={compare.iptables} testId="compare-iptables" />
        <Side title={t('compare.ipvs')} side={compare.ipvs} testId="compare-ipvs" />
      </div>
    </section>
  );
}

function lastCost(p: ScalePoint | undefined) {
  return p?.packets.find((c) => c.position === 'last');
}

function update(p: ScalePoint | undefined, kind: string) {
  return p?.updates.find((u) => u.kind === kind)?.rules;
}

const num = (n: number | undefined, lng: string) => (n === undefined ? '–' : n.toLocaleString(lng));

export function ScaleView() {
  const { t, i18n } = useTranslation('lessons');
  const points = useLab((s) => s.scalePoints);
  const status = useLab((s) => s.scaleStatus);
  const progress = useLab((s) => s.scaleProgress);
  const error = useLab((s) => s.scaleError);
  const sizes = [...new Set(points.map((p) => p.services))].sort((a, b) => a - b);
  const at = (mode: string, n: number) => points.find((p) => p.mode === mode && p.services === n);
  const lng = i18n.language;
  const biggest = sizes[sizes.length - 1];
  return (
    <section aria-label={t('scale.title')} className="flex flex-col gap-1.5 text-[13px]" data-testid="lesson-scale">
      <h4 className="font-bold">{t('scale.title')}</h4>
      <div className="flex flex-wrap gap-1.5">
        {status === 'running' ? (
          <>
            <span role="status">{t('scale.measuring', { done: progress.done, total: progress.total })}</span>
            <button type="button" className={BUTTON} onClick={() => getLabStore().getState().cancelScale()}>
              {t('scale.cancel')}
            </button>
          </>
        ) : (
          <button
            type="button"
            className={BUTTON}
            data-testid="lesson-measure"
            onClick={() => void getLabStore().getState().measureForLesson()}
          >
            {t('scale.measure')}
          </button>
        )}
        <button type="button" className={BUTTON} onClick={() => getLabStore().getState().setPanelTab('scale')}>
          {t('scale.openView')}
        </button>
      </div>
      {status === 'failed' && <p role="alert">{t('scale.failed', { error: error ?? '' })}</p>}
      {sizes.length === 0 ? (
        <p>{t('scale.none')}</p>
      ) : (
        <>
          <div className="overflow-x-auto" role="region" aria-label={t('scale.caption')} tabIndex={0}>
            <table className="w-full border-collapse text-[12px]">
              <caption className="text-left text-slate-700">{t('scale.caption')}</caption>
              <thead>
                <tr className="text-left">
                  <th className="pr-1">{t('scale.services')}</th>
                  <th className="pr-1">{t('scale.iptablesRules')}</th>
                  <th className="pr-1">{t('scale.ipvsLookups')}</th>
                  <th className="pr-1">{t('scale.nftLookups')}</th>
                  <th className="pr-1">{t('scale.updateFull')}</th>
                  <th className="pr-1">{t('scale.updateIpvs')}</th>
                  <th>{t('scale.updateNft')}</th>
                </tr>
              </thead>
              <tbody className="font-mono">
                {sizes.map((n) => (
                  <tr key={n} data-testid={`lesson-scale-row-${n}`}>
                    <td>{num(n, lng)}</td>
                    <td>{num(lastCost(at('iptables', n))?.rulesEvaluated, lng)}</td>
                    <td>{num(lastCost(at('ipvs', n))?.hashLookups, lng)}</td>
                    <td>{num(lastCost(at('nftables', n))?.hashLookups, lng)}</td>
                    <td>{num(update(at('iptables', n), 'iptables-full'), lng)}</td>
                    <td>{num(update(at('ipvs', n), 'ipvs'), lng)}</td>
                    <td>{num(update(at('nftables', n), 'nftables'), lng)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {biggest !== undefined && (
            <p data-testid="lesson-scale-sentence">
              {t('scale.sentence', {
                n: num(biggest, lng),
                rules: num(lastCost(at('iptables', biggest))?.rulesEvaluated, lng),
                lookups: num(lastCost(at('ipvs', biggest))?.hashLookups, lng),
                full: num(update(at('iptables', biggest), 'iptables-full'), lng),
                ipvs: num(update(at('ipvs', biggest), 'ipvs'), lng),
              })}
            </p>
          )}
        </>
      )}
    </section>
  );
}
