// Explained steps for the generic header tests of a rule (-p -s -d -i -o -f), for the rich trace. The tracer's fast
// path decides with compiled comparisons (compile.ts); this builds the sentences only when steps are asked for.
import type { Explanation } from '../ext/types.ts';
import type { Rule } from '../model/types.ts';
import type { Packet } from '../model/packet.ts';
import { formatIPv4, maskToPrefix } from '../net/ipv4.ts';
import { protocolName } from '../parse/protocols.ts';
import { ifaceMatches } from './compile.ts';
import type { MatchStep } from './types.ts';

function addrText(addr: number, mask: number): string {
  const prefix = maskToPrefix(mask);
  return prefix === undefined ? `${formatIPv4(addr)}/${formatIPv4(mask)}` : `${formatIPv4(addr)}/${prefix}`;
}

/** Rule-side texts never change: computed once per rule (a 10,000-rule chain is explained for every packet). */
interface RuleTexts {
  src?: string;
  srcOption?: string;
  dst?: string;
  dstOption?: string;
}
const ruleTexts = new WeakMap<Rule, RuleTexts>();
function textsOf(rule: Rule): RuleTexts {
  let t = ruleTexts.get(rule);
  if (!t) {
    t = {};
    if (rule.src) {
      t.src = addrText(rule.src.value.addr, rule.src.value.mask);
      t.srcOption = `${rule.src.negated ? '! ' : ''}-s ${t.src}`;
    }
    if (rule.dst) {
      t.dst = addrText(rule.dst.value.addr, rule.dst.value.mask);
      t.dstOption = `${rule.dst.negated ? '! ' : ''}-d ${t.dst}`;
    }
    ruleTexts.set(rule, t);
  }
  return t;
}

/** The packet's addresses as text, remembered while the packet keeps them. */
let lastAddr = -1;
let lastText = '';
function fmt(addr: number): string {
  if (addr !== lastAddr) {
    lastAddr = addr;
    lastText = formatIPv4(addr);
  }
  return lastText;
}

function neg(negated: boolean): string {
  return negated ? '! ' : '';
}

function step(name: string, text: string, matched: boolean, id: string, params: Explanation['params']): MatchStep {
  return { name, text, matched, simulated: true, explain: [{ id: `trace.generic.${id}`, params, matched }] };
}

/** Steps for the rule's generic tests, in the kernel's order, stopping at the first that fails (as ip_packet_match). */
export function genericSteps(
  rule: Rule,
  pkt: Packet,
  inIface: string | undefined,
  outIface: string | undefined,
): MatchStep[] {
  const steps: MatchStep[] = [];
  const texts = rule.src || rule.dst ? textsOf(rule) : {};
  if (rule.src) {
    const { addr, mask } = rule.src.value;
    const inside = (pkt.src & mask) >>> 0 === (addr & mask) >>> 0;
    const matched = inside !== rule.src.negated;
    steps.push(
      step('src', texts.srcOption!, matched, inside ? 'src-inside' : 'src-outside', {
        addr: fmt(pkt.src),
        net: texts.src!,
        negated: rule.src.negated,
      }),
    );
    if (!matched) return steps;
  }
  if (rule.dst) {
    const { addr, mask } = rule.dst.value;
    const inside = (pkt.dst & mask) >>> 0 === (addr & mask) >>> 0;
    const matched = inside !== rule.dst.negated;
    steps.push(
      step('dst', texts.dstOption!, matched, inside ? 'dst-inside' : 'dst-outside', {
        addr: fmt(pkt.dst),
        net: texts.dst!,
        negated: rule.dst.negated,
      }),
    );
    if (!matched) return steps;
  }
  if (rule.inIface) {
    const same = ifaceMatches(rule.inIface.value, inIface);
    const matched = same !== rule.inIface.negated;
    steps.push(
      step('in', `${neg(rule.inIface.negated)}-i ${rule.inIface.value}`, matched, same ? 'in-same' : 'in-other', {
        iface: inIface ?? '',
        pattern: rule.inIface.value,
        negated: rule.inIface.negated,
      }),
    );
    if (!matched) return steps;
  }
  if (rule.outIface) {
    const same = ifaceMatches(rule.outIface.value, outIface);
    const matched = same !== rule.outIface.negated;
    steps.push(
      step('out', `${neg(rule.outIface.negated)}-o ${rule.outIface.value}`, matched, same ? 'out-same' : 'out-other', {
        iface: outIface ?? '',
        pattern: rule.outIface.value,
        negated: rule.outIface.negated,
      }),
    );
    if (!matched) return steps;
  }
  if (rule.proto) {
    const { value, negated } = rule.proto;
    const same = value === 0 || pkt.proto === value;
    const matched = same !== negated;
    steps.push(
      step(
        'proto',
        `${neg(negated)}-p ${value === 0 ? 'all' : protocolName(value)}`,
        matched,
        same ? 'proto-same' : 'proto-other',
        { proto: protocolName(pkt.proto), wanted: value === 0 ? 'all' : protocolName(value), negated },
      ),
    );
    if (!matched) return steps;
  }
  if (rule.fragment) {
    const matched = pkt.fragment !== rule.fragment.negated;
    steps.push(
      step('fragment', `${neg(rule.fragment.negated)}-f`, matched, pkt.fragment ? 'fragment' : 'not-fragment', {
        negated: rule.fragment.negated,
      }),
    );
  }
  return steps;
}
