// CT (iptables-extensions(8)): settings for the connection the packet is about to create, given in the raw table
// before conntrack sees the packet (xt_CT.c registers it for raw only): --notrack, a conntrack zone, a helper, which
// events to report. libxt_CT: --notrack excludes every other option; the zone options share one zone value and
// add their direction; iptables-save prints --notrack, --helper, --ctevents, --expevents, then the zone (only when
// it is not 0 or comes from the mark).
import type { OptionSpec, TargetModule } from '../ext/types.ts';
import { alreadyTracked } from './util/alreadyTracked.ts';
import { say } from './util/messages.ts';
import { parseUnsigned } from '../ext/numbers.ts';
import { arg, checkOptions, fail, joinSaved, ok } from './util/options.ts';

export interface CtData {
  notrack: boolean;
  helper?: string;
  ctevents: string[];
  expevents: string[];
  /** A zone number, or 'mark': the zone is the packet's mark (its low 16 bits). 0 is the default zone. */
  zone: number | 'mark';
  /** --zone-orig / --zone-reply limit the zone to one direction; --zone (or both) applies to both. */
  zoneDir: { orig: boolean; reply: boolean };
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
  '--zone-orig': { args: 1 },
  '--zone-reply': { args: 1 },
  '--timeout': { args: 1 },
};

/** The kernel's helper names fit in 16 bytes with the NUL; libxtables cuts a longer one. */
const MAX_HELPER = 15;

function zoneSuffix(dir: CtData['zoneDir']): string {
  if (dir.orig && !dir.reply) return '-orig';
  if (dir.reply && !dir.orig) return '-reply';
  return '';
}

function events(text: string, known: readonly string[]): string[] | undefined {
  const names = text.split(',');
  if (names.some((n) => !known.includes(n))) return undefined;
  return known.filter((n) => names.includes(n));
}

export const ctTarget: TargetModule<CtData> = {
  name: 'CT',
  // libxt_CT.c xlate_ct1_tg (iptables 1.8.9): only --notrack in the default zone has a translation, `notrack`.
  translate(data) {
    const plain = data.helper === undefined && data.ctevents.length === 0 && data.expevents.length === 0;
    return data.notrack && plain && data.zone === 0 ? 'notrack' : null;
  },
  options: OPTIONS,
  tables: ['raw'],
  needsConntrack: true,
  parse(options, ctx) {
    const bad = checkOptions('CT', options, OPTIONS);
    if (bad) return bad;
    const notrack = options.find((o) => o.name === '--notrack');
    const other = options.find((o) => o.name !== '--notrack');
    if (notrack && other) return fail('exclusive', { target: 'CT', option: other.name, other: notrack.name }, other);
    const data: CtData = {
      notrack: false,
      ctevents: [],
      expevents: [],
      zone: 0,
      zoneDir: { orig: false, reply: false },
    };
    for (const option of options) {
      const value = arg(option);
      switch (option.name) {
        case '--notrack':
          data.notrack = true;
          break;
        case '--zone':
        case '--zone-orig':
        case '--zone-reply': {
          const zone = value.toLowerCase() === 'mark' ? 'mark' : parseUnsigned(value, 0, 0xffff);
          if (zone === undefined) return fail('ct-bad-zone', { option: option.name, value }, option);
          data.zone = zone;
          if (option.name === '--zone-orig') data.zoneDir.orig = true;
          if (option.name === '--zone-reply') data.zoneDir.reply = true;
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
          const name = value.slice(0, MAX_HELPER);
          const protos = Object.hasOwn(HELPERS, name) ? HELPERS[name] : undefined;
          if (!protos) return fail('ct-no-helper', { value: name }, option);
          if (ctx.proto === undefined || !protos.includes(ctx.proto))
            return fail('ct-helper-needs-proto', { value: name }, option);
          data.helper = name;
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
      data.zone !== 0 && `--zone${zoneSuffix(data.zoneDir)} ${data.zone}`,
    ]);
  },
  apply(data, ctx) {
    if (alreadyTracked(ctx)) return { verdict: { kind: 'continue' }, explain: [say('ct.already-tracked')] };
    if (data.notrack) return { verdict: { kind: 'notrack' }, explain: [say('ct.notrack')] };
    const zone = data.zone === 'mark' ? ctx.pkt.mark & 0xffff : data.zone;
    const suffix = zoneSuffix(data.zoneDir);
    const explain = [
      say(suffix === '-orig' ? 'ct.zone-orig' : suffix === '-reply' ? 'ct.zone-reply' : 'ct.zone', { zone }),
    ];
    if (data.zone === 'mark') explain.push(say('ct.zone-mark'));
    if (data.helper !== undefined) explain.push(say('ct.helper', { helper: data.helper }));
    if (data.ctevents.length > 0) explain.push(say('ct.events', { events: data.ctevents.join(', ') }));
    return { verdict: { kind: 'ct-template', zone }, explain };
  },
};
