// From the parsed model and a trace's counters to the plain report the listing formatters read.
import type { AddrMask, Negatable, Rule, Ruleset } from '../model/types.ts';
import type { ExtensionLookup } from '../parse/rule.ts';
import type { CountersView } from '../trace/types.ts';
import { formatIPv4, maskToPrefix } from '../net/ipv4.ts';
import { chainsInSaveOrder, saveRule } from '../save/format.ts';
import type { ReportChain, ReportRule, ReportTable } from './types.ts';

/**
 * iptables prints a protocol by name only when it is in its own short list (xtables_chain_protos in
 * libxtables/xtables.c); with -n no other lookup is made, so GRE shows as 47.
 */
const LISTED_PROTOCOLS: Readonly<Record<number, string>> = {
  0: 'all',
  1: 'icmp',
  6: 'tcp',
  17: 'udp',
  50: 'esp',
  51: 'ah',
  58: 'icmpv6',
  132: 'sctp',
  135: 'mh',
  136: 'udplite',
};

/** xshared.c ipv4_addr_to_string with -n: the address, then xtables_ipmask_to_numeric ("" for /32). */
function listAddress(a: Negatable<AddrMask> | undefined): { text: string; inverted: boolean } {
  if (!a) return { text: '0.0.0.0/0', inverted: false };
  const prefix = maskToPrefix(a.value.mask);
  const mask = prefix === 32 ? '' : prefix === undefined ? `/${formatIPv4(a.value.mask)}` : `/${prefix}`;
  return { text: `${formatIPv4(a.value.addr)}${mask}`, inverted: a.negated };
}

/** xshared.c print_ifaces with -n: "*" for any, "!" before a negated name. */
function listIface(i: Negatable<string> | undefined): string {
  if (!i) return '*';
  return `${i.negated ? '!' : ''}${i.value}`;
}

/** Each match and the target as the extension prints itself; an extension without a listing form shows its saved options. */
function listExtras(rule: Rule, lookup: ExtensionLookup): string {
  let out = '';
  for (const m of rule.matches) {
    const module = m.known ? lookup.findMatch(m.name) : undefined;
    if (module?.list) out += module.list(m.data);
    else {
      const saved = module ? module.save(m.data) : m.raw.join(' ');
      out += ` ${m.name}${saved ? ` ${saved}` : ''}`;
    }
  }
  const t = rule.target;
  if (t?.kind === 'extension') {
    const module = t.known ? lookup.findTarget(t.name) : undefined;
    if (module?.list) out += module.list(t.data);
    else {
      const saved = module ? module.save(t.data) : t.raw.join(' ');
      if (saved) out += ` ${saved}`;
    }
  }
  return out;
}

function fragmentColumn(rule: Rule): string {
  if (!rule.fragment) return '--';
  return rule.fragment.negated ? '!f' : '-f';
}

function reportRule(
  rule: Rule,
  num: number,
  counts: Map<number, { packets: number; bytes: number }>,
  lookup: ExtensionLookup,
): ReportRule {
  const moved = counts.get(rule.id);
  const src = listAddress(rule.src);
  const dst = listAddress(rule.dst);
  const proto = rule.proto?.value ?? 0;
  return {
    id: rule.id,
    num,
    packets: moved?.packets ?? rule.counters.packets,
    bytes: moved?.bytes ?? rule.counters.bytes,
    target: rule.target?.name ?? '',
    goto: rule.target?.goto === true,
    proto: LISTED_PROTOCOLS[proto] ?? String(proto),
    protoInverted: rule.proto?.negated === true,
    opt: fragmentColumn(rule),
    inIface: listIface(rule.inIface),
    outIface: listIface(rule.outIface),
    source: src.text,
    sourceInverted: src.inverted,
    destination: dst.text,
    destinationInverted: dst.inverted,
    extra: listExtras(rule, lookup),
    save: saveRule(rule, { lookup }),
  };
}

/**
 * The ruleset as plain report data. Counters come from `counters` (a trace result's: the rules and policies its
 * packets moved, already counted from the dump's own [p:b]) and, for everything else, from the dump itself.
 */
export function rulesetReport(ruleset: Ruleset, lookup: ExtensionLookup, counters?: CountersView): ReportTable[] {
  const ruleCounts = new Map((counters?.rules ?? []).map((r) => [r.ruleId, r]));
  const policyCounts = new Map((counters?.policies ?? []).map((p) => [`${p.table}:${p.chain}`, p]));
  return [...ruleset.tables.values()].map((table) => {
    const references = new Map<string, number>();
    for (const chain of table.chains.values())
      for (const rule of chain.rules)
        if (rule.target?.kind === 'chain')
          references.set(rule.target.name, (references.get(rule.target.name) ?? 0) + 1);
    const chains: ReportChain[] = chainsInSaveOrder(table).map((chain) => {
      const policy = policyCounts.get(`${table.name}:${chain.name}`);
      return {
        name: chain.name,
        builtin: chain.builtin,
        policy: chain.builtin ? (chain.policy ?? 'ACCEPT') : null,
        packets: policy?.packets ?? chain.counters.packets,
        bytes: policy?.bytes ?? chain.counters.bytes,
        references: references.get(chain.name) ?? 0,
        rules: chain.rules.map((rule, i) => reportRule(rule, i + 1, ruleCounts, lookup)),
      };
    });
    return { name: table.name, chains };
  });
}
