// The one registry of match extensions: the parser finds modules here by `-m` name (and by `-p` protocol for the
// implicit tcp/udp/icmp match), the tracer evaluates them through the same objects.
import type { MatchModule } from '../ext/types.ts';
import { addrtypeMatch } from './addrtype.ts';
import { commentMatch } from './comment.ts';
import { connbytesMatch } from './connbytes.ts';
import { connlimitMatch } from './connlimit.ts';
import { connmarkMatch } from './connmark.ts';
import { conntrackMatch } from './conntrack.ts';
import { dscpMatch } from './dscp.ts';
import { hashlimitMatch } from './hashlimit.ts';
import { helperMatch } from './helper.ts';
import { icmpMatch } from './icmp.ts';
import { iprangeMatch } from './iprange.ts';
import { lengthMatch } from './length.ts';
import { limitMatch } from './limit.ts';
import { macMatch } from './mac.ts';
import { markMatch } from './mark.ts';
import { multiportMatch } from './multiport.ts';
import { ownerMatch } from './owner.ts';
import { physdevMatch } from './physdev.ts';
import { pkttypeMatch } from './pkttype.ts';
import { policyMatch } from './policy.ts';
import { quotaMatch } from './quota.ts';
import { recentMatch } from './recent.ts';
import { rpfilterMatch } from './rpfilter.ts';
import { sctpMatch } from './sctp.ts';
import { setMatch } from './set.ts';
import { socketMatch } from './socket.ts';
import { stateMatch } from './state.ts';
import { statisticMatch } from './statistic.ts';
import { stringMatch } from './string.ts';
import { tcpMatch } from './tcp.ts';
import { tcpmssMatch } from './tcpmss.ts';
import { timeMatch } from './time.ts';
import { tosMatch } from './tos.ts';
import { ttlMatch } from './ttl.ts';
import { u32Match } from './u32.ts';
import { udpMatch } from './udp.ts';

/**
 * A module copied onto the one object shape every registered match has (each field of MatchModule, in one order;
 * its methods' `this` is the copy): the parser and the validator read `options`, `hooks` … of whichever module a
 * rule names, and each new shape met halfway through a big dump deoptimised the code reading them.
 */
function oneShape(m: MatchModule): MatchModule {
  return {
    name: m.name,
    options: m.options,
    parse: m.parse,
    save: m.save,
    list: m.list,
    evaluate: m.evaluate,
    simulated: m.simulated,
    needsConntrack: m.needsConntrack,
    hooks: m.hooks,
    translate: m.translate,
  };
}

export const matchModules: MatchModule[] = (
  [
    tcpMatch,
    udpMatch,
    icmpMatch,
    commentMatch,
    markMatch,
    connmarkMatch,
    stateMatch,
    conntrackMatch,
    statisticMatch,
    addrtypeMatch,
    multiportMatch,
    setMatch,
    macMatch,
    iprangeMatch,
    limitMatch,
    lengthMatch,
    tosMatch,
    dscpMatch,
    ttlMatch,
    ownerMatch,
    physdevMatch,
    recentMatch,
    sctpMatch,
    tcpmssMatch,
    pkttypeMatch,
    helperMatch,
    connbytesMatch,
    connlimitMatch,
    hashlimitMatch,
    quotaMatch,
    policyMatch,
    stringMatch,
    timeMatch,
    u32Match,
    socketMatch,
    rpfilterMatch,
  ] as MatchModule[]
).map(oneShape);

const byName = new Map(matchModules.map((m) => [m.name, m]));

export function findMatch(name: string): MatchModule | undefined {
  return byName.get(name);
}
