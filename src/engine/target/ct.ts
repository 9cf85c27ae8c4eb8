// CT (iptables-extensions(8)): settings for the connection the packet is about to create, given in the raw table
// before conntrack sees the packet (xt_CT.c registers it for raw only): --notrack, a conntrack zone, a helper, which
// events to report. iptables-save order (libxt_CT.t): --notrack, --helper, --ctevents, --expevents, --zone.
import type { OptionSpec, TargetModule } from '../ext/types.ts';
import { say } from './util/messages.ts';
import { parseUnsigned } from './util/numbers.ts';
import { arg, checkOptions, fail, joinSaved, ok } from './util/options.ts';

export interface CtData {
  notrack: boolean;
  helper?: string;
  ctevents: string[];
  expevents: string[];
  /** A zone number, or 'mark': the zone is the packet's mark (its low 16 bits). 0 is the default zone. */
  zone: number | 'mark';
}

/** The conntrack event names, in the bit order iptables prints them (libxt_CT ct_event_tbl). */
const CT_EVENTS = [
  'new',
  'related',
  'destroy',
  'reply',
  'assured',
  'protoinfo',
  'helper',
  'mark',
  'natseqinfo',
  'secmark',
];
const EXP_EVENTS = ['new'];

/** Helpers the kernel ships (nf_conntrack_*), by the protocol they serve: --helper needs the rule's -p to fit. */
const HELPERS: Readonly<Record<string, readonly number[]>> = {
  ftp: [6],
  irc: [6],
  pptp: [6],
  sane: [6],
  'Q.931': [6],
  sip: [6, 17],
  tftp: [17],
  amanda: [17],
  RAS: [17],
  'netbios-ns': [17],
  snmp: [17],
};

const OPTIONS: Record<string, OptionSpec> = {
  '--notrack': { args: 0 },
  '--helper': { args: 1 },
  '--ctevents': { args: 1 },
  '--expevents': { args: 1 },
  '--zone': { args: 1 },
  '--timeout': { args: 1 },
};

function events(text: string, known: readonly string[]): string[] | undefined {
  const names = text.split(',');
  if (names.some((n) => !known.includes(n))) return undefined;
  return known.filter((n) => names.includes(n));
}

export const ctTarget: TargetModule<CtData> = {
  name: 'CT',
  options: OPTIONS,
  tables: ['raw'],
  needsConntrack: true,
  parse(options, ctx) {
    const bad = checkOptions('CT', options, OPTIONS);
    if (bad) return bad;
    const data: CtData = { notrack: false, ctevents: [], expevents: [], zone: 0 };
    for (const option of options) {
      const value = arg(option);
      switch (option.name) {
        case '--notrack':
          data.notrack = true;
          break;
        case '--zone': {
          const zone = value === 'mark' ? 'mark' : parseUnsigned(value, 0, 0xffff);
          if (zone === undefined)
            return fail('bad-number', { option: option.name, value, min: 0, max: 0xffff }, option);
          data.zone = zone;
          break;
        }
        case '--ctevents':
        case '--expevents': {
          const list = events(value, option.name === '--ctevents' ? CT_EVENTS : EXP_EVENTS);
          if (!list) return fail('ct-bad-events', { option: option.name, value }, option);
          if (option.name === '--ctevents') data.ctevents = list;
          else data.expevents = list;
          break;
        }
        case '--helper': {
          const protos = Object.hasOwn(HELPERS, value) ? HELPERS[value] : undefined;
          if (!protos) return fail('ct-no-helper', { value }, option);
          if (ctx.proto === undefined || !protos.includes(ctx.proto))
            return fail('ct-helper-needs-proto', { value }, option);
          data.helper = value;
          break;
        }
        case '--timeout':
          // A timeout policy is an object made with `nfct timeout add`; the lab's host has none, so the kernel
          // would refuse the rule as it does for a policy that does not exist.
          return fail('ct-no-timeout-policy', { value }, option);
      }
    }
    return ok(data);
  },
  save(data) {
    return joinSaved([
      data.notrack && '--notrack',
      data.helper !== undefined && `--helper ${data.helper}`,
      data.ctevents.length > 0 && `--ctevents ${data.ctevents.join(',')}`,
      data.expevents.length > 0 && `--expevents ${data.expevents.join(',')}`,
      data.zone !== 0 && `--zone ${data.zone}`,
    ]);
  },
  apply(data, ctx) {
    if (data.notrack) return { verdict: { kind: 'notrack' }, explain: [say('ct.notrack')] };
    const zone = data.zone === 'mark' ? ctx.pkt.mark & 0xffff : data.zone;
    const explain = [say(data.zone === 'mark' ? 'ct.zone-mark' : 'ct.zone', { zone })];
    if (data.helper !== undefined) explain.push(say('ct.helper', { helper: data.helper }));
    if (data.ctevents.length > 0) explain.push(say('ct.events', { events: data.ctevents.join(', ') }));
    return { verdict: { kind: 'ct-template', zone }, explain };
  },
};
