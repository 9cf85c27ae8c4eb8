// The "Packets" tab: the sequence of packets sent through the host (they share one conntrack table, so a SYN,
// its reply and the ACK show NEW then ESTABLISHED), a form for the selected packet, and presets.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { TraceResult } from '../../engine/index.ts';
import { getLabStore, useLab } from '../../store/index.ts';
import { runsOf } from '../../store/timeline.ts';
import type { ScenarioPacket } from '../../scenarios/types.ts';
import { nextOfConnection, ping, replyTo, sshSyn, toServiceVip } from './packetPresets.ts';
import { usePacketLabels } from '../predict/usePacketLabels.ts';
import { BUTTON, INPUT, INPUT_INVALID, LABEL } from './styles.ts';
import { autoTcpNumbers, parseIPv4 } from '../../store/engineFacts.ts';

const TCP_FLAGS = ['SYN', 'ACK', 'FIN', 'RST', 'PSH', 'URG'] as const;

/** ICMP types a student meets (RFC 792): echo and its reply, and the two errors netfilter relates to flows. */
const ICMP_TYPES = [
  { type: 8, code: 0, key: 'echoRequest' },
  { type: 0, code: 0, key: 'echoReply' },
  { type: 3, code: 3, key: 'portUnreachable' },
  { type: 3, code: 1, key: 'hostUnreachable' },
  { type: 11, code: 0, key: 'timeExceeded' },
  { type: 3, code: 4, key: 'fragNeeded' },
] as const;

/** ICMP errors (RFC 792): they quote the header of the packet they are about, which makes them RELATED. */
const isIcmpErrorType = (type: number | undefined) => type === 3 || type === 11;

/** The header of an earlier packet, as an ICMP error about it quotes it (its ICMP fields for an echo). */
function innerHeaderOf(p: ScenarioPacket): NonNullable<ScenarioPacket['inner']> {
  const inner: NonNullable<ScenarioPacket['inner']> = { proto: p.proto, src: p.src, dst: p.dst };
  if (p.sport !== undefined) inner.sport = p.sport;
  if (p.dport !== undefined) inner.dport = p.dport;
  if (p.proto === 'icmp') {
    inner.icmpType = p.icmpType ?? 8;
    inner.icmpId = p.icmpId ?? 0;
    if (p.icmpSeq !== undefined) inner.icmpSeq = p.icmpSeq;
  }
  return inner;
}

export function packetSummary(p: ScenarioPacket): string {
  const ports = (a: string, port?: number) => (port === undefined ? a : `${a}:${port}`);
  const flags = p.tcpFlags && p.tcpFlags.length > 0 ? ` [${p.tcpFlags.join(',')}]` : '';
  const icmp = p.icmpType !== undefined ? ` [${p.icmpType}/${p.icmpCode ?? 0}]` : '';
  return `${p.proto} ${ports(p.src, p.sport)} → ${ports(p.dst, p.dport)}${flags}${icmp}`;
}

function sameHeader(a: NonNullable<ScenarioPacket['inner']>, b: NonNullable<ScenarioPacket['inner']>): boolean {
  return a.proto === b.proto && a.src === b.src && a.dst === b.dst && a.sport === b.sport && a.dport === b.dport;
}

function portProblem(value: number | undefined): boolean {
  return value !== undefined && (!Number.isInteger(value) || value < 0 || value > 65535);
}

function numberOrUndefined(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

/** A labelled text field of the packet form, marked (and announced) invalid when `invalid`. */
function PacketField(props: {
  label: string;
  testId: string;
  invalid: boolean;
  value: string | number;
  onChange: (text: string) => void;
  width: 'w-20' | 'w-32';
  numeric?: boolean;
}) {
  return (
    <label className={LABEL}>
      {props.label}
      <input
        className={`${props.invalid ? INPUT_INVALID : INPUT} ${props.width}`}
        data-testid={props.testId}
        inputMode={props.numeric ? 'numeric' : undefined}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={props.invalid}
      />
    </label>
  );
}

/**
 * `shownLabel` is the label as the list shows it: a built-in label in the viewer's language. The field starts from
 * it, so a teacher edits in their own language; only typing stores a label (the user's own text from then on).
 */
function PacketForm({
  index,
  packet,
  shownLabel,
  labelHidden,
}: {
  index: number;
  packet: ScenarioPacket;
  shownLabel: string;
  /** While predicting: the label is not shown, and the field cannot overwrite it unseen. */
  labelHidden: boolean;
}) {
  const { t } = useTranslation('scenario');
  const host = useLab((s) => s.host);
  const packets = useLab((s) => s.packets);
  const runs = useLab((s) => runsOf(s.response));
  // An error comes back from where the packet went: it quotes the header as the packet left the host (after SNAT or
  // MASQUERADE), which is what conntrack finds the connection by (icmp_error_message, nf_conntrack_proto_icmp.c).
  const quotedHeader = (i: number) => {
    const p = packets[i]!;
    const out = runs[i]?.fate === 'sent' ? runs[i]!.packet : undefined;
    return innerHeaderOf(out ? { ...p, src: out.src, dst: out.dst, sport: out.sport, dport: out.dport } : p);
  };
  const ifaces = ['lo', ...(host?.interfaces.map((i) => i.name).filter((n) => n !== 'lo') ?? [])];
  const update = (patch: Partial<ScenarioPacket>) => {
    const next = { ...packet, ...patch };
    for (const key of Object.keys(patch) as (keyof ScenarioPacket)[]) if (patch[key] === undefined) delete next[key];
    getLabStore().getState().updatePacket(index, next);
  };
  const badSrc = parseIPv4(packet.src) === undefined;
  const badDst = parseIPv4(packet.dst) === undefined;
  const hasPorts = packet.proto === 'tcp' || packet.proto === 'udp';

  return (
    <div className="flex flex-col gap-2" data-testid="packet-form">
      <div className="flex flex-wrap items-end gap-2">
        <label className={LABEL}>
          {t('packets.label')}
          <input
            className={`${INPUT} w-56`}
            data-testid="packet-label"
            value={shownLabel}
            readOnly={labelHidden}
            placeholder={labelHidden ? t('teach2:predictLabels.hidden') : undefined}
            onChange={(e) => update({ label: e.target.value })}
          />
        </label>
        <label className={LABEL}>
          {t('packets.origin')}
          <select
            className={INPUT}
            data-testid="packet-origin"
            value={packet.local ? 'local' : (packet.in ?? ifaces[1] ?? 'lo')}
            onChange={(e) =>
              e.target.value === 'local'
                ? update({ local: true, in: undefined })
                : update({ local: undefined, in: e.target.value })
            }
          >
            <option value="local">{t('packets.localProcess')}</option>
            {ifaces.map((n) => (
              <option key={n} value={n}>
                {t('packets.arrivesOn', { iface: n })}
              </option>
            ))}
          </select>
        </label>
        {packet.local && (
          <label className={LABEL}>
            {t('packets.uid')}
            <input
              className={`${INPUT} w-16`}
              inputMode="numeric"
              value={packet.uid ?? ''}
              onChange={(e) => update({ uid: numberOrUndefined(e.target.value) })}
            />
          </label>
        )}
        <label className={LABEL}>
          {t('packets.proto')}
          <select
            className={INPUT}
            data-testid="packet-proto"
            value={String(packet.proto)}
            onChange={(e) => {
              const proto = e.target.value;
              if (proto === 'tcp')
                update({
                  proto,
                  tcpFlags: ['SYN'],
                  icmpType: undefined,
                  icmpCode: undefined,
                  sport: packet.sport ?? 40000,
                  dport: packet.dport ?? 80,
                });
              else if (proto === 'udp')
                update({
                  proto,
                  tcpFlags: undefined,
                  icmpType: undefined,
                  icmpCode: undefined,
                  sport: packet.sport ?? 40000,
                  dport: packet.dport ?? 53,
                });
              else update({ proto, tcpFlags: undefined, sport: undefined, dport: undefined, icmpType: 8, icmpCode: 0 });
            }}
          >
            <option value="tcp">tcp</option>
            <option value="udp">udp</option>
            <option value="icmp">icmp</option>
          </select>
        </label>
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <PacketField
          label={t('packets.src')}
          testId="packet-src"
          invalid={badSrc}
          width="w-32"
          value={packet.src}
          onChange={(text) => update({ src: text.trim() })}
        />
        {hasPorts && (
          <PacketField
            label={t('packets.sport')}
            testId="packet-sport"
            invalid={portProblem(packet.sport)}
            width="w-20"
            numeric
            value={packet.sport ?? ''}
            onChange={(text) => update({ sport: numberOrUndefined(text) })}
          />
        )}
        <span className="pb-1 text-[15px]" aria-hidden>
          →
        </span>
        <PacketField
          label={t('packets.dst')}
          testId="packet-dst"
          invalid={badDst}
          width="w-32"
          value={packet.dst}
          onChange={(text) => update({ dst: text.trim() })}
        />
        {hasPorts && (
          <PacketField
            label={t('packets.dport')}
            testId="packet-dport"
            invalid={portProblem(packet.dport)}
            width="w-20"
            numeric
            value={packet.dport ?? ''}
            onChange={(text) => update({ dport: numberOrUndefined(text) })}
          />
        )}
      </div>
      {packet.proto === 'tcp' && (
        <fieldset className="flex flex-wrap items-center gap-3 text-[13px]">
          <legend className="text-[12px] font-semibold text-slate-700">{t('packets.tcpFlags')}</legend>
          {TCP_FLAGS.map((flag) => (
            <label key={flag} className="flex items-center gap-1">
              <input
                type="checkbox"
                data-testid={`flag-${flag}`}
                checked={packet.tcpFlags?.includes(flag) ?? false}
                onChange={(e) => {
                  const set = new Set(packet.tcpFlags ?? []);
                  if (e.target.checked) set.add(flag);
                  else set.delete(flag);
                  update({ tcpFlags: TCP_FLAGS.filter((f) => set.has(f)) });
                }}
              />
              {flag}
            </label>
          ))}
        </fieldset>
      )}
      {packet.proto === 'tcp' && (
        <div className="flex flex-wrap items-end gap-2">
          <PacketField
            label={t('packets.seq')}
            testId="packet-seq"
            invalid={false}
            width="w-32"
            numeric
            value={packet.seq ?? ''}
            onChange={(text) => update({ seq: numberOrUndefined(text) })}
          />
          <PacketField
            label={t('packets.ack')}
            testId="packet-ack"
            invalid={false}
            width="w-32"
            numeric
            value={packet.ack ?? ''}
            onChange={(text) => update({ ack: numberOrUndefined(text) })}
          />
          <button
            type="button"
            className={BUTTON}
            data-testid="packet-auto-seq"
            title={t('packets.autoSeqHint')}
            onClick={() => {
              const numbers = autoTcpNumbers(packets, index);
              if (numbers) update(numbers);
            }}
          >
            {t('packets.autoSeq')}
          </button>
        </div>
      )}
      {packet.proto === 'icmp' && isIcmpErrorType(packet.icmpType) && (
        <label className={LABEL}>
          {t('packets.about')}
          <select
            className={`${INPUT} w-80`}
            data-testid="packet-about"
            value={
              packet.inner
                ? String(packets.findIndex((_, i) => i < index && sameHeader(quotedHeader(i), packet.inner!)))
                : ''
            }
            onChange={(e) => {
              update({ inner: e.target.value === '' ? undefined : quotedHeader(Number(e.target.value)) });
            }}
          >
            <option value="">{t('packets.aboutNone')}</option>
            {packets.slice(0, index).map((p, i) => (
              <option key={i} value={String(i)}>
                {t('packets.aboutPacket', { n: i + 1, packet: packetSummary(p) })}
              </option>
            ))}
          </select>
        </label>
      )}
      {packet.proto === 'icmp' && (
        <label className={LABEL}>
          {t('packets.icmpType')}
          <select
            className={`${INPUT} w-64`}
            value={`${packet.icmpType ?? 8}/${packet.icmpCode ?? 0}`}
            onChange={(e) => {
              const [type, code] = e.target.value.split('/').map(Number);
              update({ icmpType: type, icmpCode: code });
            }}
          >
            {ICMP_TYPES.map((i) => (
              <option key={`${i.type}/${i.code}`} value={`${i.type}/${i.code}`}>
                {t(`packets.icmp.${i.key}`, { type: i.type, code: i.code })}
              </option>
            ))}
          </select>
        </label>
      )}
      {(badSrc || badDst || portProblem(packet.sport) || portProblem(packet.dport)) && (
        <p className="text-[12px] font-semibold text-red-800" role="alert">
          ✗ {t('packets.invalid')}
        </p>
      )}
    </div>
  );
}

function Presets({ selected }: { selected: number }) {
  const { t } = useTranslation('scenario');
  const store = getLabStore();
  const packets = useLab((s) => s.packets);
  const response = useLab((s) => s.response);
  const current = packets[selected];
  const result = current ? runsOf(response)[selected] : undefined;
  const reply = current ? replyTo(current, result, t('packets.presetLabel.reply', { n: selected + 1 })) : null;
  const add = (p: ScenarioPacket | null) => p && store.getState().addPacket(p);
  const s = () => store.getState();
  return (
    <div className="flex flex-wrap gap-1.5" role="group" aria-label={t('packets.presets')}>
      <span className="self-center text-[12px] font-semibold text-slate-700">{t('packets.presets')}:</span>
      <button
        type="button"
        className={BUTTON}
        data-testid="preset-ssh"
        onClick={() => add(sshSyn(s().host, t('packets.presetLabel.ssh'), s().packets))}
      >
        {t('packets.preset.ssh')}
      </button>
      <button
        type="button"
        className={BUTTON}
        data-testid="preset-reply"
        disabled={!reply}
        title={reply ? undefined : t('packets.replyUnavailable')}
        onClick={() => add(reply)}
      >
        {t('packets.preset.reply', { n: selected + 1 })}
      </button>
      <button
        type="button"
        className={BUTTON}
        data-testid="preset-next"
        disabled={!current}
        onClick={() => current && add(nextOfConnection(current, t('packets.presetLabel.next', { n: selected + 1 })))}
      >
        {t('packets.preset.next', { n: selected + 1 })}
      </button>
      <button
        type="button"
        className={BUTTON}
        data-testid="preset-ping"
        onClick={() => add(ping(s().host, t('packets.presetLabel.ping'), s().packets))}
      >
        {t('packets.preset.ping')}
      </button>
      <button
        type="button"
        className={BUTTON}
        data-testid="preset-vip"
        onClick={() => add(toServiceVip(s().host, s().rules, t('packets.presetLabel.vip'), s().packets))}
      >
        {t('packets.preset.vip')}
      </button>
    </div>
  );
}

/** What became of a traced packet, with where it went and as what (after NAT), in one sentence. */
function outcomeText(t: TFunction<'scenario'>, run: TraceResult): string {
  const p = run.packet;
  const dst = p.dport === undefined ? p.dst : `${p.dst}:${p.dport}`;
  const ctstate = run.ctstate ?? t('packets.untracked');
  if (run.fate === 'sent' && run.outIface) return t('packets.outcomeSent', { iface: run.outIface, dst, ctstate });
  if (run.fate === 'delivered') return t('packets.outcomeDelivered', { dst, ctstate });
  return t('packets.outcome', { fate: run.fate, ctstate });
}

/** The seed of `statistic --mode random`: the same seed draws the same path, so a shared link replays it. */
function SeedField() {
  const { t } = useTranslation('scenario');
  const seed = useLab((s) => s.seed);
  const [text, setText] = useState(String(seed));
  const [shown, setShown] = useState(seed);
  if (shown !== seed) {
    setShown(seed);
    setText(String(seed));
  }
  const valid = /^\d{1,10}$/.test(text) && Number(text) <= 0xffffffff;
  return (
    <label
      className="flex shrink-0 items-center gap-1 text-[12px] font-semibold text-slate-700"
      title={t('packets.seedHint')}
    >
      {t('packets.seed')}
      <input
        data-testid="seed"
        inputMode="numeric"
        aria-invalid={!valid}
        className={`${valid ? INPUT : INPUT_INVALID} w-20`}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          if (/^\d{1,10}$/.test(e.target.value) && Number(e.target.value) <= 0xffffffff)
            getLabStore().getState().setSeed(Number(e.target.value));
        }}
      />
    </label>
  );
}

const NO_RUNS: readonly TraceResult[] = [];

export function PacketBuilder() {
  const { t } = useTranslation('scenario');
  const packets = useLab((s) => s.packets);
  // Built-in labels in the viewer's language, in the list and in the form; none while predicting, and no outcome.
  const { labels, hidden } = usePacketLabels();
  // While exploring, the runs are the outcomes of one packet, not one run per packet: no outcome per row then.
  const shown = useLab((s) => (s.explore ? s.exploredPacket : s.packetIndex));
  const runs = useLab((s) => (s.explore ? NO_RUNS : runsOf(s.response)));
  // One selection for the whole lab: the packet shown is the packet edited, so the header's picker and this list
  // always agree (a row click shows that packet; adding, moving or removing keeps the store's choice).
  const index = Math.min(shown, Math.max(0, packets.length - 1));
  const packet = packets[index];
  const store = getLabStore();

  return (
    <div className="grid h-full min-h-0 grid-cols-[minmax(0,0.9fr)_minmax(0,1.1fr)]" data-testid="packet-builder">
      <div className="flex min-h-0 flex-col border-r border-slate-300">
        <div className="flex items-start gap-2 border-b border-slate-200 px-2 py-1">
          <p className="min-w-0 flex-1 text-[12px] text-slate-600">{t('packets.sequenceHint')}</p>
          <SeedField />
        </div>
        <ol className="min-h-0 flex-1 overflow-auto">
          {packets.map((p, i) => {
            const run = runs[i];
            return (
              <li
                key={i}
                data-testid={`packet-row-${i}`}
                aria-current={i === index}
                className={`flex items-center gap-1 border-b border-slate-200 px-2 py-1 text-[13px] ${i === index ? 'bg-sky-50 outline-2 -outline-offset-2 outline-sky-700' : ''}`}
              >
                <button
                  type="button"
                  className="min-w-0 flex-1 text-left"
                  data-testid={`packet-select-${i}`}
                  onClick={() => store.getState().showPacket(i)}
                >
                  <span className="font-semibold">
                    {i + 1}. {labels[i] || t('packets.unnamed')}
                  </span>
                  <span className="block font-mono text-[12px] [overflow-wrap:anywhere] text-slate-700">
                    {p.local ? t('packets.fromLocal') : t('packets.onIface', { iface: p.in ?? '?' })} ·{' '}
                    {packetSummary(p)}
                  </span>
                  {run && !hidden && (
                    <span className="block text-[12px] text-slate-700" data-testid={`packet-outcome-${i}`}>
                      {outcomeText(t, run)}
                    </span>
                  )}
                </button>
                <button
                  type="button"
                  className={BUTTON}
                  title={t('packets.show')}
                  aria-label={t('packets.showN', { n: i + 1 })}
                  aria-pressed={shown === i}
                  onClick={() => store.getState().showPacket(i)}
                >
                  ▶
                </button>
                <button
                  type="button"
                  className={BUTTON}
                  aria-label={t('packets.moveUp', { n: i + 1 })}
                  title={t('packets.moveUp', { n: i + 1 })}
                  disabled={i === 0}
                  onClick={() => store.getState().movePacket(i, i - 1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className={BUTTON}
                  aria-label={t('packets.moveDown', { n: i + 1 })}
                  title={t('packets.moveDown', { n: i + 1 })}
                  disabled={i === packets.length - 1}
                  onClick={() => store.getState().movePacket(i, i + 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className={BUTTON}
                  aria-label={t('packets.remove', { n: i + 1 })}
                  title={t('packets.remove', { n: i + 1 })}
                  data-testid={`packet-remove-${i}`}
                  onClick={() => store.getState().removePacket(i)}
                >
                  ✕
                </button>
              </li>
            );
          })}
        </ol>
      </div>
      <div className="flex min-h-0 flex-col gap-2 overflow-auto p-2">
        <Presets selected={index} />
        {packet ? (
          <PacketForm key={index} index={index} packet={packet} shownLabel={labels[index] ?? ''} labelHidden={hidden} />
        ) : (
          <p className="text-[13px]">{t('packets.empty')}</p>
        )}
      </div>
    </div>
  );
}
