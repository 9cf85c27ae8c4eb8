import { useTranslation } from 'react-i18next';
import type { PacketView } from '../../engine/index.ts';
import { useCurrentEntry } from '../app/selectors.ts';

const FIELDS = [
  'proto',
  'src',
  'sport',
  'dst',
  'dport',
  'tcpFlags',
  'inIface',
  'outIface',
  'mark',
  'ttl',
  'length',
] as const;
type Field = (typeof FIELDS)[number];

export function fieldText(p: PacketView, f: Field): string {
  const v = p[f];
  if (v === undefined || v === null) return '';
  if (f === 'mark') return `0x${(v as number).toString(16)}`;
  if (Array.isArray(v)) return v.join(',');
  return String(v);
}

/** The packet at the current step; fields that differ from the packet as it arrived are marked "changed". */
export function PacketCard() {
  const { t } = useTranslation('ui');
  const { entry, timeline } = useCurrentEntry();
  if (!entry) return null;
  const packet = entry.step.packet;
  const origin = timeline.find((e) => e.part === entry.part)?.step.packet ?? packet;
  return (
    <section aria-label={t('packet.label')} data-testid="packet-card" className="text-[14px]">
      <h2 className="mb-1 text-[13px] font-bold uppercase tracking-wide text-slate-600">{t('packet.label')}</h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-[13px]">
        {FIELDS.map((f) => {
          const now = fieldText(packet, f);
          const changed = now !== fieldText(origin, f);
          if (!now && !changed) return null;
          return (
            <div key={f} className="contents" data-testid={`packet-${f}`} data-changed={changed}>
              <dt className="text-slate-600">{t(`packet.fields.${f}`)}</dt>
              <dd
                className={`font-mono ${changed ? 'font-bold text-slate-950 underline decoration-amber-600 decoration-2' : ''}`}
              >
                {now || t('packet.none')}
                {changed && <span className="ml-1 font-sans text-[12px] no-underline">✎ {t('packet.changed')}</span>}
              </dd>
            </div>
          );
        })}
        <dt className="text-slate-600">{t('packet.fields.ct')}</dt>
        <dd className="font-mono">{entry.step.ct?.state ?? t('packet.none')}</dd>
      </dl>
    </section>
  );
}
