// Where iptables-translate 1.8.9's line does not mean what the rule means: the lab prints the tool's line (checked
// against the real tool in realTool.test.ts) and names what it lost, so a student does not take it for the rule.
import { describe, expect, it } from 'vitest';
import { parseRuleset } from '../parse/index.ts';
import { translateRule } from './rule.ts';
import type { LostMeaning } from './types.ts';

function translation(table: string, command: string) {
  const parsed = parseRuleset(`*${table}\n${command}\nCOMMIT\n`);
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const rules = [...parsed.ruleset.tables.values()].flatMap((t) => [...t.chains.values()].flatMap((c) => c.rules));
  return translateRule(rules[0]!);
}

const LOSSY: [string, string, string, LostMeaning[]][] = [
  // nft-ipv4.c leaves -p to a same-named match (xlate_find_protocol_match); libxt_tcp.c writes nothing without options.
  ['filter', '-A INPUT -p tcp -m tcp -j ACCEPT', "nft 'add rule ip filter INPUT counter accept'", ['protocol']],
  [
    'filter',
    '-A INPUT -p tcp -m tcp --dport 0:65535 -j ACCEPT',
    "nft 'add rule ip filter INPUT counter accept'",
    ['protocol'],
  ],
  [
    'filter',
    '-A INPUT -m conntrack ! --ctstate NEW,SNAT -j ACCEPT',
    "nft 'add rule ip filter INPUT ct status snat counter accept'",
    ['ct-state'],
  ],
  [
    'filter',
    '-A INPUT -m addrtype --src-type LOCAL --dst-type LOCAL -j ACCEPT',
    "nft 'add rule ip filter INPUT fib saddr type local counter accept'",
    ['addrtype-dst'],
  ],
  [
    'mangle',
    '-A PREROUTING -j TOS --set-tos 0x10',
    "nft 'add rule ip mangle PREROUTING counter ip6 dscp set 0x04'",
    ['tos-family'],
  ],
  [
    'filter',
    '-A INPUT -p icmp -m icmp ! --icmp-type any -j ACCEPT',
    "nft 'add rule ip filter INPUT ip protocol icmp counter accept'",
    ['icmp-negation'],
  ],
];

const FAITHFUL: [string, string][] = [
  ['filter', '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT'],
  ['filter', '-A INPUT -p tcp -j ACCEPT'],
  ['filter', '-A INPUT -m conntrack --ctstate SNAT -j ACCEPT'],
  ['filter', '-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT'],
  ['filter', '-A INPUT -m addrtype --dst-type LOCAL -j ACCEPT'],
  ['filter', '-A INPUT -p tcp -m multiport --ports 22,80 -j ACCEPT'],
  ['filter', '-A INPUT -p icmp -m icmp --icmp-type any -j ACCEPT'],
];

describe('iptables-translate 1.8.9 lines that lose meaning are named', () => {
  for (const [table, rule, nft, lost] of LOSSY)
    it(`${rule} → ${nft}: ${lost.join(', ')}`, () => {
      const t = translation(table, rule);
      expect(t.nft).toBe(nft);
      expect(t.lost).toEqual(lost);
    });

  for (const [table, rule] of FAITHFUL)
    it(`${rule}: means what the rule means`, () => expect(translation(table, rule).lost).toEqual([]));

  it('--ports with a range keeps only its ends: named; a ! is dropped: named', () => {
    expect(translation('filter', '-A INPUT -p tcp -m multiport --ports 1000:2000 -j ACCEPT').lost).toEqual([
      'multiport-either',
    ]);
    expect(translation('filter', '-A INPUT -p tcp -m multiport ! --ports 22 -j ACCEPT').lost).toEqual([
      'multiport-either',
    ]);
  });

  it("udp's destination port takes the source port's ! (udp_xlate): named only when the two differ", () => {
    expect(translation('filter', '-A INPUT -p udp -m udp ! --dport 53 -j ACCEPT').lost).toEqual(['udp-negation']);
    expect(translation('filter', '-A INPUT -p udp -m udp ! --sport 1 ! --dport 53 -j ACCEPT').lost).toEqual([]);
  });

  it('an untranslatable rule loses nothing: it is printed as a comment', () => {
    expect(translation('filter', '-A INPUT -m recent --set').lost).toEqual([]);
  });
});
