// What the real iptables-translate (iptables 1.8.9, nf_tables) prints for focused rules, each pair checked with
// `iptables-translate -t <table> <rule>`; the describe names the iptables source of the translation. The rule is
// loaded with `-A` into the lab's parser and translated by the lab.
import { describe, expect, it } from 'vitest';
import { parseRuleset } from '../parse/index.ts';
import { translateRule } from './rule.ts';

function translated(table: string, command: string): string {
  const parsed = parseRuleset(`*${table}\n${command}\nCOMMIT\n`);
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const rules = [...parsed.ruleset.tables.values()].flatMap((t) => [...t.chains.values()].flatMap((c) => c.rules));
  expect(rules).toHaveLength(1);
  return translateRule(rules[0]!).nft;
}

/** `source`: the iptables file and function of the xlate; each pair: a rule and the real tool's line for it. */
function realTool(source: string, table: string, pairs: [string, string][]) {
  describe(source, () => {
    for (const [rule, nft] of pairs)
      it(`iptables-translate -t ${table} ${rule} → ${nft}`, () => expect(translated(table, rule)).toBe(nft));
  });
}

realTool('extensions/libxt_owner.c owner_mt_xlate', 'filter', [
  ['-A OUTPUT -m owner --uid-owner 0', "nft 'add rule ip filter OUTPUT skuid 0 counter'"],
  ['-A OUTPUT -m owner ! --gid-owner 5-9', "nft 'add rule ip filter OUTPUT skgid != 5-9 counter'"],
  ['-A OUTPUT -m owner --uid-owner 0 --gid-owner 0', 'nft # -t filter -A OUTPUT -m owner --uid-owner 0 --gid-owner 0 '],
  ['-A OUTPUT -m owner --socket-exists', 'nft # -t filter -A OUTPUT -m owner --socket-exists '],
]);
realTool('extensions/libxt_addrtype.c addrtype_mt_xlate', 'filter', [
  ['-A INPUT -m addrtype --dst-type LOCAL', "nft 'add rule ip filter INPUT fib daddr type local counter'"],
  [
    '-A INPUT -m addrtype ! --dst-type LOCAL,BROADCAST',
    "nft 'add rule ip filter INPUT fib daddr type != { local, broadcast } counter'",
  ],
  [
    '-A INPUT -m addrtype --src-type LOCAL --dst-type UNICAST',
    "nft 'add rule ip filter INPUT fib saddr type local counter'",
  ],
  [
    '-A INPUT -m addrtype --dst-type LOCAL --limit-iface-in',
    "nft 'add rule ip filter INPUT fib daddr . iif type local counter'",
  ],
  ['-A INPUT -m addrtype --dst-type LOCAL,THROW', "nft 'add rule ip filter INPUT fib daddr type { local } counter'"],
]);
realTool('extensions/libxt_pkttype.c pkttype_xlate', 'filter', [
  ['-A INPUT -m pkttype ! --pkt-type broadcast', "nft 'add rule ip filter INPUT pkttype != broadcast counter'"],
  ['-A INPUT -m pkttype --pkt-type otherhost', "nft 'add rule ip filter INPUT pkttype 3 counter'"],
]);
realTool('extensions/libipt_ttl.c ttl_xlate', 'filter', [
  ['-A INPUT -m ttl --ttl-eq 5', "nft 'add rule ip filter INPUT ip ttl 5 counter'"],
  ['-A INPUT -m ttl ! --ttl-eq 5', "nft 'add rule ip filter INPUT ip ttl != 5 counter'"],
  ['-A INPUT -m ttl --ttl-lt 5', "nft 'add rule ip filter INPUT ip ttl lt 5 counter'"],
  ['-A INPUT -m ttl --ttl-gt 5', "nft 'add rule ip filter INPUT ip ttl gt 5 counter'"],
]);
realTool('extensions/libxt_length.c length_xlate', 'filter', [
  ['-A INPUT -m length --length 1:100', "nft 'add rule ip filter INPUT meta length 1-100 counter'"],
  ['-A INPUT -m length ! --length 10', "nft 'add rule ip filter INPUT meta length != 10 counter'"],
]);
realTool('extensions/libxt_LOG.c LOG_xlate', 'filter', [
  [
    '-A INPUT -j LOG --log-prefix "x" --log-level 3 --log-uid',
    'nft \'add rule ip filter INPUT counter log prefix "x" level err flags skuid\'',
  ],
  [
    '-A INPUT -j LOG --log-tcp-sequence --log-tcp-options',
    "nft 'add rule ip filter INPUT counter log flags tcp sequence,options'",
  ],
  [
    '-A INPUT -j LOG --log-tcp-options --log-ip-options --log-uid',
    "nft 'add rule ip filter INPUT counter log flags tcp options flags ip options flags skuid'",
  ],
  [
    '-A INPUT -j LOG --log-level 0 --log-macdecode',
    "nft 'add rule ip filter INPUT counter log level emerg flags ether'",
  ],
  [
    '-A INPUT -j LOG --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid --log-macdecode',
    "nft 'add rule ip filter INPUT counter log flags all'",
  ],
]);
realTool('extensions/libxt_NFLOG.c NFLOG_xlate', 'filter', [
  ['-A INPUT -j NFLOG', "nft 'add rule ip filter INPUT counter log group 0'"],
  [
    '-A INPUT -j NFLOG --nflog-prefix "ab c" --nflog-group 5',
    'nft \'add rule ip filter INPUT counter log prefix "ab c" group 5\'',
  ],
  [
    '-A INPUT -j NFLOG --nflog-size 10 --nflog-threshold 3',
    "nft 'add rule ip filter INPUT counter log snaplen 10 queue-threshold 3 group 0'",
  ],
]);
realTool('extensions/libxt_NFQUEUE.c NFQUEUE_xlate', 'filter', [
  ['-A INPUT -j NFQUEUE --queue-num 3 --queue-bypass', "nft 'add rule ip filter INPUT counter queue num 3 bypass'"],
  [
    '-A INPUT -j NFQUEUE --queue-balance 1:3 --queue-bypass --queue-cpu-fanout',
    "nft 'add rule ip filter INPUT counter queue num 1-3 bypass,fanout'",
  ],
]);
