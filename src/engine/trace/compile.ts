// A ruleset prepared for walking: chains looked up by name once, target and match modules resolved once, and the
// generic header tests (-p -s -d -i -o -f) turned into plain comparisons. Built once per ruleset and reused for
// every packet (the 10,000-service kube-proxy dump must cost well under a millisecond per packet).
import type { MatchModule, TargetModule } from '../ext/types.ts';
import type { Chain, MatchUse, Rule, Ruleset, TableName } from '../model/types.ts';
import type { Packet } from '../model/packet.ts';
import { findMatch } from '../match/index.ts';
import { ifaceMatches } from '../match/generic.ts';
import { findTarget } from '../target/index.ts';

export type CompiledTarget =
  | { kind: 'none' }
  | { kind: 'standard'; name: 'ACCEPT' | 'DROP' | 'RETURN' | 'QUEUE' }
  | { kind: 'chain'; name: string; goto: boolean; chain: CompiledChain | undefined }
  | { kind: 'extension'; name: string; module: TargetModule | undefined; data: unknown };

export interface CompiledMatch {
  use: MatchUse;
  module: MatchModule | undefined;
  /** False when the lab does not simulate it: treated as matching, and said so. */
  simulated: boolean;
}

export interface CompiledRule {
  rule: Rule;
  /** 1-based position in its chain. */
  index: number;
  generic: (pkt: Packet, inIface: string | undefined, outIface: string | undefined) => boolean;
  matches: CompiledMatch[];
  target: CompiledTarget;
  /** The rule as iptables-save prints it, filled in the first time a rich trace needs it. */
  text: string | undefined;
}

export interface CompiledChain {
  table: TableName;
  name: string;
  builtin: boolean;
  policy: 'ACCEPT' | 'DROP' | null;
  rules: CompiledRule[];
  source: Chain;
}

export interface CompiledRuleset {
  tables: Map<TableName, Map<string, CompiledChain>>;
  /** Some rule needs connection tracking (conntrack 'auto' switches it on). */
  needsConntrack: boolean;
}

/** The header tests, most selective first (addresses, then protocol and interfaces): they have no side effects. */
function compileGeneric(rule: Rule): CompiledRule['generic'] {
  const tests: ((pkt: Packet, i: string | undefined, o: string | undefined) => boolean)[] = [];
  const { proto, src, dst, inIface, outIface, fragment } = rule;
  if (src) {
    const { addr, mask } = src.value;
    const net = (addr & mask) >>> 0;
    tests.push(src.negated ? (p) => (p.src & mask) >>> 0 !== net : (p) => (p.src & mask) >>> 0 === net);
  }
  if (dst) {
    const { addr, mask } = dst.value;
    const net = (addr & mask) >>> 0;
    tests.push(dst.negated ? (p) => (p.dst & mask) >>> 0 !== net : (p) => (p.dst & mask) >>> 0 === net);
  }
  // A zero protocol (-p all, even `! -p all`) tests nothing: ip_packet_match checks `ipinfo->proto && …`.
  if (proto && proto.value !== 0) {
    const n = proto.value;
    tests.push(proto.negated ? (p) => p.proto !== n : (p) => p.proto === n);
  }
  if (inIface) {
    const { value, negated } = inIface;
    tests.push((_p, i) => ifaceMatches(value, i) !== negated);
  }
  if (outIface) {
    const { value, negated } = outIface;
    tests.push((_p, _i, o) => ifaceMatches(value, o) !== negated);
  }
  if (fragment) {
    const negated = fragment.negated;
    tests.push((p) => p.fragment !== negated);
  }
  if (tests.length === 0) return () => true;
  if (tests.length === 1) return tests[0]!;
  return (p, i, o) => {
    for (const t of tests) if (!t(p, i, o)) return false;
    return true;
  };
}

function compileTarget(rule: Rule): CompiledTarget {
  const t = rule.target;
  if (!t) return { kind: 'none' };
  if (t.kind === 'standard') {
    const name = t.name as 'ACCEPT' | 'DROP' | 'RETURN' | 'QUEUE';
    return { kind: 'standard', name };
  }
  if (t.kind === 'chain') return { kind: 'chain', name: t.name, goto: t.goto, chain: undefined };
  return { kind: 'extension', name: t.name, module: t.known ? findTarget(t.name) : undefined, data: t.data };
}

export function compileRuleset(ruleset: Ruleset): CompiledRuleset {
  const tables = new Map<TableName, Map<string, CompiledChain>>();
  let needsConntrack = false;
  for (const [tableName, table] of ruleset.tables) {
    const chains = new Map<string, CompiledChain>();
    for (const [name, chain] of table.chains) {
      const rules = chain.rules.map((rule, i): CompiledRule => {
        const matches = rule.matches.map((use): CompiledMatch => {
          const module = use.known ? findMatch(use.name) : undefined;
          if (module?.needsConntrack) needsConntrack = true;
          return { use, module, simulated: module !== undefined && module.simulated !== false };
        });
        const target = compileTarget(rule);
        if (target.kind === 'extension' && target.module?.needsConntrack) needsConntrack = true;
        return { rule, index: i + 1, generic: compileGeneric(rule), matches, target, text: undefined };
      });
      chains.set(name, {
        table: tableName,
        name,
        builtin: chain.builtin,
        policy: chain.builtin ? (chain.policy ?? 'ACCEPT') : null,
        rules,
        source: chain,
      });
    }
    for (const chain of chains.values()) {
      for (const r of chain.rules) if (r.target.kind === 'chain') r.target.chain = chains.get(r.target.name);
    }
    tables.set(tableName, chains);
  }
  return { tables, needsConntrack };
}
