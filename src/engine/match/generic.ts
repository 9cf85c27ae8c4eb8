// The generic part of a rule (-s, -d, -i, -o, -p, -f), evaluated as the kernel's ip_packet_match does: in that
// order, stopping at the first test that fails. Interfaces compare by name, `+` at the end matching any suffix
// (`eth+` is eth0, eth1…; `+` alone is any interface). `-p all` (0) tests nothing, so even `! -p all` matches.
// This is the one implementation: the tracer explains rules with `genericSteps` and decides them with the same
// `ifaceMatches` (trace/compile.ts), so the explanation and the verdict cannot disagree.
import type { EvalContext, Explanation } from '../ext/types.ts';
import type { AddrMask, Negatable, Rule } from '../model/types.ts';
import type { Packet } from '../model/packet.ts';
import { formatIPv4, maskToPrefix } from '../net/ipv4.ts';
import type { MatchStep } from '../trace/types.ts';
import { say } from './util/explain.ts';
import { describeProtocol } from './util/protocols.ts';

/** `a.b.c.d/N`, or `a.b.c.d/m.m.m.m` for a non-contiguous mask, as iptables-save prints -s and -d. */
export function formatAddrMask(am: AddrMask): string {
  const prefix = maskToPrefix(am.mask >>> 0);
  return `${formatIPv4(am.addr)}/${prefix === undefined ? formatIPv4(am.mask) : prefix}`;
}

/**
 * Does the interface name match the rule's pattern (kernel ifname compare, `+` as a trailing wildcard)?
 * A missing interface (no -o before routing) compares as the empty name.
 */
export function ifaceMatches(pattern: string, iface: string | undefined): boolean {
  const name = iface ?? '';
  if (pattern.endsWith('+')) return name.startsWith(pattern.slice(0, -1));
  return name === pattern;
}

function step(name: string, text: string, explanation: Explanation): MatchStep {
  return { name, text, matched: explanation.matched, simulated: true, explain: [explanation] };
}

const bang = (n: Negatable<unknown>) => (n.negated ? '! ' : '');

/** Rule-side texts never change: computed once per rule (the tracer explains a 10,000-rule chain per packet). */
interface RuleTexts {
  srcNet?: string;
  srcText?: string;
  dstNet?: string;
  dstText?: string;
}
const ruleTexts = new WeakMap<Rule, RuleTexts>();
function textsOf(rule: Rule): RuleTexts {
  let texts = ruleTexts.get(rule);
  if (!texts) {
    texts = {};
    if (rule.src) {
      texts.srcNet = formatAddrMask(rule.src.value);
      texts.srcText = `${bang(rule.src)}-s ${texts.srcNet}`;
    }
    if (rule.dst) {
      texts.dstNet = formatAddrMask(rule.dst.value);
      texts.dstText = `${bang(rule.dst)}-d ${texts.dstNet}`;
    }
    ruleTexts.set(rule, texts);
  }
  return texts;
}

/** The packet's address as text, remembered while consecutive rules look at the same address. */
let lastAddr = -1;
let lastAddrText = '';
function addrText(addr: number): string {
  if (addr !== lastAddr) {
    lastAddr = addr;
    lastAddrText = formatIPv4(addr);
  }
  return lastAddrText;
}

function addrStep(side: 'src' | 'dst', test: Negatable<AddrMask>, addr: number, net: string, text: string): MatchStep {
  const inside = ((addr ^ test.value.addr) & test.value.mask) >>> 0 === 0;
  const explanation = say(`match.generic.${side}.${inside ? 'in' : 'out'}`, inside !== test.negated, {
    addr: addrText(addr),
    net,
    negated: test.negated,
  });
  return step(side, text, explanation);
}

function ifaceStep(side: 'in' | 'out', test: Negatable<string>, iface: string | undefined): MatchStep {
  const same = ifaceMatches(test.value, iface);
  const wildcard = test.value.endsWith('+');
  let kind: 'is' | 'is-not' | 'fits' | 'misfits' | 'none' | 'none-fits';
  if (iface === undefined) kind = same ? 'none-fits' : 'none';
  else if (wildcard) kind = same ? 'fits' : 'misfits';
  else kind = same ? 'is' : 'is-not';
  const explanation = say(`match.generic.${side}.${kind}`, same !== test.negated, {
    iface: iface ?? '',
    pattern: test.value,
    negated: test.negated,
  });
  return step(side, `${bang(test)}${side === 'in' ? '-i' : '-o'} ${test.value}`, explanation);
}

/** The kernel skips a zero protocol (`-p all`), even inverted. */
function protoStep(test: Negatable<number>, proto: number): MatchStep {
  const { value, negated } = test;
  const text = `${negated ? '! ' : ''}-p ${value === 0 ? 'all' : describeProtocol(value)}`;
  const params = { proto: describeProtocol(proto), want: describeProtocol(value), negated };
  const explanation =
    value === 0
      ? say('match.generic.proto.all', true, params)
      : proto === value
        ? say('match.generic.proto.is', !negated, params)
        : say('match.generic.proto.is-not', negated, params);
  return step('proto', text, explanation);
}

/** Adds the step; true when the walk goes on (no per-call closure: the tracer calls this for every rule). */
function pushStep(steps: MatchStep[], s: MatchStep): boolean {
  steps.push(s);
  return s.matched;
}

/**
 * One step per generic test the rule has, in the kernel's order, up to and including the first that fails.
 * Kernel ip_packet_match (net/ipv4/netfilter/ip_tables.c): addresses, in, out, then
 * `if (ipinfo->proto && FWINV(ip->protocol != ipinfo->proto, IPT_INV_PROTO))`, then the fragment flag.
 */
export function genericSteps(
  rule: Rule,
  pkt: Packet,
  inIface: string | undefined,
  outIface: string | undefined,
): MatchStep[] {
  const steps: MatchStep[] = [];
  const texts = rule.src || rule.dst ? textsOf(rule) : undefined;
  if (rule.src && !pushStep(steps, addrStep('src', rule.src, pkt.src, texts!.srcNet!, texts!.srcText!))) return steps;
  if (rule.dst && !pushStep(steps, addrStep('dst', rule.dst, pkt.dst, texts!.dstNet!, texts!.dstText!))) return steps;
  if (rule.inIface && !pushStep(steps, ifaceStep('in', rule.inIface, inIface))) return steps;
  if (rule.outIface && !pushStep(steps, ifaceStep('out', rule.outIface, outIface))) return steps;
  if (rule.proto && !pushStep(steps, protoStep(rule.proto, pkt.proto))) return steps;
  if (rule.fragment) {
    const negated = rule.fragment.negated;
    const id = pkt.fragment ? 'match.generic.fragment.is' : 'match.generic.fragment.is-not';
    steps.push(step('fragment', `${negated ? '! ' : ''}-f`, say(id, pkt.fragment !== negated, { negated })));
  }
  return steps;
}

/** `genericSteps` for a match-module evaluation context. */
export function evaluateGeneric(rule: Rule, ctx: EvalContext): MatchStep[] {
  return genericSteps(rule, ctx.pkt, ctx.inIface, ctx.outIface);
}
