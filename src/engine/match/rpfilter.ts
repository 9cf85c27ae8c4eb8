// rpfilter: iptables-extensions(8) "rpfilter". Reverse-path filter: matches when the route back to the source
// leaves through the interface the packet came in on (--loose: through any interface; --validmark: use the mark in
// the lookup; --accept-local: accept local sources; --invert: match the failures). Only in the raw and mangle
// tables, in PREROUTING. As the kernel's rpfilter_mt: a packet from 0.0.0.0 to a broadcast or local-multicast
// address passes, so does one that came in on lo; otherwise the route back to the source must be a unicast route
// (or, with --accept-local, a local address) through the incoming interface (--loose: any interface). --validmark
// is accepted but the lab routes without marks. Simulated when the host can answer HostQuery.routeDev.
import type { MatchModule } from '../ext/types.ts';
import type { HookName } from '../model/types.ts';
import { formatIPv4 } from '../net/ipv4.ts';
import { notSimulated, say, type MatchExplainId } from './util/explain.ts';

/** The rpfilter sentences, by their last part (`no-route`, `loose`…). */
type RpfilterOutcome = MatchExplainId extends infer I ? (I extends `match.rpfilter.${infer R}` ? R : never) : never;
import { checkOptions, fail, joinSaved, ok } from './util/options.ts';
import { words } from '../translate/words.ts';

export interface RpfilterData {
  loose: boolean;
  validmark: boolean;
  acceptLocal: boolean;
  invert: boolean;
}

const RPFILTER_HOOKS: readonly HookName[] = ['PREROUTING'];

export const rpfilterMatch: MatchModule<RpfilterData> = {
  name: 'rpfilter',
  // libxt_rpfilter.c rpfilter_xlate (iptables 1.8.9): `fib saddr . mark . iif oif != 0` — `. mark` with
  // --validmark, `. iif` unless --loose, `oif 0` with --invert; --accept-local is translated only with --invert,
  // as `fib saddr type != local` first.
  translate(data) {
    if (data.acceptLocal && !data.invert) return null;
    const key = words('saddr', data.validmark && '. mark', !data.loose && '. iif');
    return words(data.acceptLocal && 'fib saddr type != local', `fib ${key} oif ${data.invert ? '0' : '!= 0'}`);
  },
  options: {
    '--loose': { args: 0 },
    '--validmark': { args: 0 },
    '--accept-local': { args: 0 },
    '--invert': { args: 0 },
  },
  hooks: () => RPFILTER_HOOKS,
  parse(options, ctx) {
    const problem = checkOptions('rpfilter', options, this.options);
    if (problem) return problem;
    if (ctx.table !== 'raw' && ctx.table !== 'mangle') return fail('rpfilter-wrong-table', {}, options[0]);
    const has = (name: string) => options.some((o) => o.name === name);
    return ok({
      loose: has('--loose'),
      validmark: has('--validmark'),
      acceptLocal: has('--accept-local'),
      invert: has('--invert'),
    });
  },
  save(data) {
    return joinSaved([
      data.loose && '--loose',
      data.validmark && '--validmark',
      data.acceptLocal && '--accept-local',
      data.invert && '--invert',
    ]);
  },
  evaluate(data, ctx) {
    const { pkt, host } = ctx;
    const params = { src: formatIPv4(pkt.src), iface: ctx.inIface ?? '' };
    const done = (passed: boolean, id: RpfilterOutcome, extra: Record<string, string> = {}) => {
      const matched = passed !== data.invert;
      return { matched, explain: [say(`match.rpfilter.${id}`, matched, { ...params, ...extra })] };
    };
    if (pkt.src === 0 && (pkt.dst === 0xffffffff || (pkt.dst & 0xffffff00) >>> 0 === 0xe0000000))
      return done(true, 'zeronet');
    if (ctx.inIface === 'lo') return done(true, 'loopback');
    if (!host.routeDev) return notSimulated('rpfilter');
    const types = host.addrTypes(pkt.src);
    const local = types.has('LOCAL');
    if (!types.has('UNICAST') && !(local && data.acceptLocal)) return done(false, local ? 'local' : 'not-unicast');
    const dev = host.routeDev(pkt.src);
    if (dev === undefined) return done(false, 'no-route');
    if (data.loose) return done(true, 'loose', { dev });
    return done(dev === ctx.inIface, dev === ctx.inIface ? 'same-iface' : 'other-iface', { dev });
  },
};
