// Each case is one of iptables' own expectations (extensions/*.txlate, the quoted form of iptables ≥ 1.8.9),
// run through the lab's parser and translator: the rule is loaded with `-A`, so every line reads `add rule`.
import { describe, expect, it } from 'vitest';
import { parseRuleset } from '../parse/index.ts';
import { translateRule } from './rule.ts';

/** The translation of the one rule of `-t table -A …`. */
function translate(table: string, command: string) {
  const parsed = parseRuleset(`*${table}\n${command}\nCOMMIT\n`);
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  expect(errors, command).toEqual([]);
  const rules = [...parsed.ruleset.tables.values()].flatMap((t) => [...t.chains.values()].flatMap((c) => c.rules));
  expect(rules).toHaveLength(1);
  return translateRule(rules[0]!);
}

function cases(file: string, table: string, list: [string, string][]) {
  describe(file, () => {
    for (const [command, nft] of list)
      it(`${command} → ${nft}`, () => expect(translate(table, command).nft).toBe(`nft '${nft}'`));
  });
}

cases('generic.txlate', 'filter', [
  [
    '-A OUTPUT -p udp -d 8.8.8.8 -j ACCEPT',
    'add rule ip filter OUTPUT ip protocol udp ip daddr 8.8.8.8 counter accept',
  ],
  ['-A INPUT -i iifname -s 10.0.0.0/8', 'add rule ip filter INPUT iifname "iifname" ip saddr 10.0.0.0/8 counter'],
  ['-A INPUT -i iif+ ! -d 10.0.0.0/8', 'add rule ip filter INPUT iifname "iif*" ip daddr != 10.0.0.0/8 counter'],
  ['-A INPUT -s 10.11.12.13/255.255.0.0', 'add rule ip filter INPUT ip saddr 10.11.0.0/16 counter'],
  ['-A INPUT -s 10.11.12.13/255.0.255.0', 'add rule ip filter INPUT ip saddr & 255.0.255.0 == 10.0.12.0 counter'],
  ['-A INPUT ! -s 10.11.12.13/0.255.0.255', 'add rule ip filter INPUT ip saddr & 0.255.0.255 != 0.11.0.13 counter'],
  ['-A INPUT -s 0.0.0.0/0', 'add rule ip filter INPUT counter'],
  ['-A INPUT ! -s 0.0.0.0/0', 'add rule ip filter INPUT ip saddr != 0.0.0.0/0 counter'],
  ['-A FORWARD -i +', 'add rule ip filter FORWARD counter'],
  ['-A FORWARD ! -i +', 'add rule ip filter FORWARD iifname "INVAL/D" counter'],
]);

cases('libxt_tcp.txlate', 'filter', [
  [
    '-A INPUT -p tcp -i eth0 --sport 53 -j ACCEPT',
    'add rule ip filter INPUT iifname "eth0" tcp sport 53 counter accept',
  ],
  [
    '-A OUTPUT -p tcp -o eth0 --dport 53:66 -j DROP',
    'add rule ip filter OUTPUT oifname "eth0" tcp dport 53-66 counter drop',
  ],
  [
    '-A OUTPUT -p tcp -d 8.8.8.8 -j ACCEPT',
    'add rule ip filter OUTPUT ip protocol tcp ip daddr 8.8.8.8 counter accept',
  ],
  [
    '-A OUTPUT -p tcp --dport 1020:1023 --sport 53 -j ACCEPT',
    'add rule ip filter OUTPUT tcp sport 53 tcp dport 1020-1023 counter accept',
  ],
  ['-A INPUT -p tcp --tcp-flags ACK,FIN FIN -j DROP', 'add rule ip filter INPUT tcp flags fin / fin,ack counter drop'],
  ['-A INPUT -p tcp --syn -j ACCEPT', 'add rule ip filter INPUT tcp flags syn / fin,syn,rst,ack counter accept'],
  [
    '-A INPUT -p tcp --syn --dport 80 -j ACCEPT',
    'add rule ip filter INPUT tcp dport 80 tcp flags syn / fin,syn,rst,ack counter accept',
  ],
  ['-A INPUT -f -p tcp', 'add rule ip filter INPUT ip frag-off & 0x1fff != 0 ip protocol tcp counter'],
  ['-A INPUT ! -f -p tcp --dport 22', 'add rule ip filter INPUT ip frag-off & 0x1fff 0 tcp dport 22 counter'],
  ['-A INPUT -p tcp --tcp-option 23', 'add rule ip filter INPUT tcp option 23 exists counter'],
  ['-A INPUT -p tcp ! --tcp-option 23', 'add rule ip filter INPUT tcp option 23 missing counter'],
]);

cases('libxt_udp.txlate', 'filter', [
  [
    '-A INPUT -p udp -i eth0 --sport 53 -j ACCEPT',
    'add rule ip filter INPUT iifname "eth0" udp sport 53 counter accept',
  ],
  [
    '-A OUTPUT -p udp -o eth0 --dport 53:66 -j DROP',
    'add rule ip filter OUTPUT oifname "eth0" udp dport 53-66 counter drop',
  ],
]);

cases('libipt_icmp.txlate', 'filter', [
  [
    '-A INPUT -p icmp -m icmp --icmp-type echo-reply -j ACCEPT',
    'add rule ip filter INPUT icmp type echo-reply counter accept',
  ],
  [
    '-A INPUT -p icmp -m icmp --icmp-type 3 -j ACCEPT',
    'add rule ip filter INPUT icmp type destination-unreachable counter accept',
  ],
  [
    '-A INPUT -p icmp -m icmp ! --icmp-type 3 -j ACCEPT',
    'add rule ip filter INPUT icmp type != destination-unreachable counter accept',
  ],
  ['-A INPUT -p icmp -m icmp --icmp-type any -j ACCEPT', 'add rule ip filter INPUT ip protocol icmp counter accept'],
]);

cases('libxt_conntrack.txlate', 'filter', [
  [
    '-A INPUT -m conntrack --ctstate NEW,RELATED -j ACCEPT',
    'add rule ip filter INPUT ct state new,related counter accept',
  ],
  [
    '-A INPUT -m conntrack ! --ctstate NEW,RELATED -j ACCEPT',
    'add rule ip filter INPUT ct state ! new,related counter accept',
  ],
  ['-A INPUT -m conntrack --ctproto UDP -j ACCEPT', 'add rule ip filter INPUT ct original protocol 17 counter accept'],
  [
    '-A INPUT -m conntrack --ctorigsrc 10.100.0.0/255.255.0.0 -j ACCEPT',
    'add rule ip filter INPUT ct original saddr 10.100.0.0/16 counter accept',
  ],
  [
    '-A INPUT -m conntrack --ctrepldst 10.100.2.131 -j ACCEPT',
    'add rule ip filter INPUT ct reply daddr 10.100.2.131 counter accept',
  ],
  [
    '-A INPUT -m conntrack --ctproto tcp --ctorigsrcport 443:444 -j ACCEPT',
    'add rule ip filter INPUT ct original protocol 6 ct original proto-src 443-444 counter accept',
  ],
  ['-A INPUT -m conntrack --ctstatus EXPECTED -j ACCEPT', 'add rule ip filter INPUT ct status expected counter accept'],
  ['-A INPUT -m conntrack --ctexpire 3 -j ACCEPT', 'add rule ip filter INPUT ct expiration 3 counter accept'],
  ['-A INPUT -m conntrack --ctdir ORIGINAL -j ACCEPT', 'add rule ip filter INPUT ct direction original counter accept'],
  ['-A INPUT -m conntrack --ctstate SNAT -j ACCEPT', 'add rule ip filter INPUT ct status snat counter accept'],
  ['-A INPUT -m conntrack --ctstate DNAT -j ACCEPT', 'add rule ip filter INPUT ct status dnat counter accept'],
  [
    '-A INPUT -m conntrack --ctstate NEW --ctproto tcp --ctorigsrc 192.168.0.1 --ctorigdst 192.168.0.1 --ctreplsrc 192.168.0.1 --ctrepldst 192.168.0.1 --ctorigsrcport 12 --ctorigdstport 14 --ctreplsrcport 16 --ctrepldstport 18 --ctexpire 10 --ctstatus SEEN_REPLY --ctdir ORIGINAL -j ACCEPT',
    'add rule ip filter INPUT ct direction original ct original protocol 6 ct state new ct status seen-reply ct expiration 10 ct original saddr 192.168.0.1 ct original daddr 192.168.0.1 ct reply saddr 192.168.0.1 ct reply daddr 192.168.0.1 ct original proto-src 12 ct original proto-dst 14 ct reply proto-src 16 ct reply proto-dst 18 counter accept',
  ],
]);

cases('libxt_multiport.txlate', 'filter', [
  [
    '-A INPUT -p tcp -m multiport --dports 80,81 -j ACCEPT',
    'add rule ip filter INPUT ip protocol tcp tcp dport { 80, 81 } counter accept',
  ],
  [
    '-A INPUT -p tcp -m multiport --dports 80:88 -j ACCEPT',
    'add rule ip filter INPUT ip protocol tcp tcp dport 80-88 counter accept',
  ],
  [
    '-A INPUT -p tcp -m multiport ! --dports 80:88 -j ACCEPT',
    'add rule ip filter INPUT ip protocol tcp tcp dport != 80-88 counter accept',
  ],
  [
    '-A INPUT -p tcp -m multiport --sports 50 -j ACCEPT',
    'add rule ip filter INPUT ip protocol tcp tcp sport 50 counter accept',
  ],
]);

cases('libxt_mark.txlate', 'filter', [
  ['-A INPUT -p tcp -m mark ! --mark 0xa/0xa', 'add rule ip filter INPUT ip protocol tcp mark and 0xa != 0xa counter'],
  ['-A INPUT -p tcp -m mark ! --mark 0x1', 'add rule ip filter INPUT ip protocol tcp mark != 0x1 counter'],
]);

cases('libxt_limit.txlate', 'filter', [
  [
    '-A INPUT -m limit --limit 3/m --limit-burst 3',
    'add rule ip filter INPUT limit rate 3/minute burst 3 packets counter',
  ],
  [
    '-A INPUT -m limit --limit 10/s --limit-burst 5',
    'add rule ip filter INPUT limit rate 10/second burst 5 packets counter',
  ],
]);

cases('libxt_statistic.txlate', 'filter', [
  ['-A OUTPUT -m statistic --mode nth --every 10 --packet 1', 'add rule ip filter OUTPUT numgen inc mod 10 1 counter'],
  [
    '-A OUTPUT -m statistic --mode nth ! --every 10 --packet 5',
    'add rule ip filter OUTPUT numgen inc mod 10 != 5 counter',
  ],
]);

cases('libxt_iprange.txlate', 'filter', [
  [
    '-A INPUT -m iprange --src-range 192.168.25.149-192.168.25.151 -j ACCEPT',
    'add rule ip filter INPUT ip saddr 192.168.25.149-192.168.25.151 counter accept',
  ],
  [
    '-A INPUT -m iprange --dst-range 3.3.3.3-6.6.6.6 --src-range 4.4.4.4-7.7.7.7 -j ACCEPT',
    'add rule ip filter INPUT ip saddr 4.4.4.4-7.7.7.7 ip daddr 3.3.3.3-6.6.6.6 counter accept',
  ],
]);

cases('libxt_comment.txlate', 'filter', [
  [
    '-A INPUT -s 192.168.0.0 -m comment --comment "A comment"',
    'add rule ip filter INPUT ip saddr 192.168.0.0 counter comment "A comment"',
  ],
]);

cases('libxt_DNAT.txlate', 'nat', [
  // The txlate writes `-o eth0` in a user chain named `prerouting`; PREROUTING itself refuses -o, so -i here.
  [
    '-A PREROUTING -p tcp -i eth0 -j DNAT --to-destination 1.2.3.4',
    'add rule ip nat PREROUTING iifname "eth0" ip protocol tcp counter dnat to 1.2.3.4',
  ],
  [
    '-A PREROUTING -p tcp -d 15.45.23.67 --dport 80 -j DNAT --to-destination 192.168.1.1-192.168.1.10',
    'add rule ip nat PREROUTING ip daddr 15.45.23.67 tcp dport 80 counter dnat to 192.168.1.1-192.168.1.10',
  ],
  [
    '-A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:1-1023',
    'add rule ip nat PREROUTING ip protocol tcp counter dnat to 1.2.3.4:1-1023',
  ],
  [
    '-A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4 --random --persistent',
    'add rule ip nat PREROUTING ip protocol tcp counter dnat to 1.2.3.4 random,persistent',
  ],
]);

cases('libipt_SNAT.txlate', 'nat', [
  [
    '-A POSTROUTING -o eth0 -j SNAT --to 1.2.3.4-1.2.3.6',
    'add rule ip nat POSTROUTING oifname "eth0" counter snat to 1.2.3.4-1.2.3.6',
  ],
  [
    '-A POSTROUTING -o eth0 -j SNAT --to 1.2.3.4 --random',
    'add rule ip nat POSTROUTING oifname "eth0" counter snat to 1.2.3.4 random',
  ],
]);

cases('libipt_MASQUERADE.txlate', 'nat', [
  ['-A POSTROUTING -j MASQUERADE', 'add rule ip nat POSTROUTING counter masquerade'],
  [
    '-A POSTROUTING -p tcp -j MASQUERADE --to-ports 10-20 --random',
    'add rule ip nat POSTROUTING ip protocol tcp counter masquerade to :10-20 random',
  ],
  [
    '-A POSTROUTING -p tcp -j MASQUERADE --random-fully',
    'add rule ip nat POSTROUTING ip protocol tcp counter masquerade fully-random',
  ],
  [
    '-A POSTROUTING -p tcp -j MASQUERADE --random --random-fully',
    'add rule ip nat POSTROUTING ip protocol tcp counter masquerade random,fully-random',
  ],
]);

cases('libxt_REDIRECT.txlate', 'nat', [
  ['-A PREROUTING -p tcp --dport 80 -j REDIRECT', 'add rule ip nat PREROUTING tcp dport 80 counter redirect'],
  [
    '-A PREROUTING -p tcp --dport 80 -j REDIRECT --to-ports 8080 --random',
    'add rule ip nat PREROUTING tcp dport 80 counter redirect to :8080 random',
  ],
]);

cases('libipt_REJECT.txlate', 'filter', [
  ['-A FORWARD -p TCP --dport 22 -j REJECT', 'add rule ip filter FORWARD tcp dport 22 counter reject'],
  [
    '-A FORWARD -p TCP --dport 22 -j REJECT --reject-with icmp-net-unreachable',
    'add rule ip filter FORWARD tcp dport 22 counter reject with icmp type net-unreachable',
  ],
  [
    '-A FORWARD -p TCP --dport 22 -j REJECT --reject-with tcp-reset',
    'add rule ip filter FORWARD tcp dport 22 counter reject with tcp reset',
  ],
]);

cases('libipt_LOG.txlate', 'filter', [
  ['-A FORWARD -p tcp -j LOG --log-level error', 'add rule ip filter FORWARD ip protocol tcp counter log level err'],
  [
    '-A FORWARD -p tcp -j LOG --log-prefix "Random prefix"',
    'add rule ip filter FORWARD ip protocol tcp counter log prefix "Random prefix"',
  ],
]);

cases('libxt_MARK.txlate', 'mangle', [
  ['-A OUTPUT -j MARK --set-mark 0', 'add rule ip mangle OUTPUT counter meta mark set 0x0'],
  [
    '-A OUTPUT -j MARK --set-xmark 0x40/0x32',
    'add rule ip mangle OUTPUT counter meta mark set mark and 0xffffffcd xor 0x40',
  ],
  ['-A OUTPUT -j MARK --or-mark 64', 'add rule ip mangle OUTPUT counter meta mark set mark or 0x40'],
  ['-A OUTPUT -j MARK --and-mark 64', 'add rule ip mangle OUTPUT counter meta mark set mark and 0x40'],
  ['-A OUTPUT -j MARK --xor-mark 64', 'add rule ip mangle OUTPUT counter meta mark set mark xor 0x40'],
]);

cases('libxt_CONNMARK.txlate', 'mangle', [
  ['-A PREROUTING -j CONNMARK --set-mark 0x16', 'add rule ip mangle PREROUTING counter ct mark set 0x16'],
  ['-A PREROUTING -j CONNMARK --save-mark', 'add rule ip mangle PREROUTING counter ct mark set mark'],
  ['-A PREROUTING -j CONNMARK --restore-mark', 'add rule ip mangle PREROUTING counter meta mark set ct mark'],
]);

cases('libxt_NOTRACK.txlate', 'raw', [['-A PREROUTING -j NOTRACK', 'add rule ip raw PREROUTING counter notrack']]);

describe('the verdicts and what has no translation', () => {
  it('a jump and a goto name the chain (xlate_action)', () => {
    const rules = '*filter\n:web - [0:0]\n-A INPUT -p tcp -m tcp --dport 80 -j web\n-A INPUT -g web\nCOMMIT\n';
    const parsed = parseRuleset(rules);
    const input = parsed.ruleset.tables.get('filter')!.chains.get('INPUT')!.rules;
    expect(input.map((r) => translateRule(r).nft)).toEqual([
      "nft 'add rule ip filter INPUT tcp dport 80 counter jump web'",
      "nft 'add rule ip filter INPUT counter goto web'",
    ]);
  });

  it('recent has no xlate (libxt_recent.c): iptables-translate 1.8.9 prints `nft # -t filter -A INPUT -m recent --rcheck --seconds 60 --name x --mask 255.255.255.255 --rsource -j DROP `', () => {
    const t = translate('filter', '-A INPUT -m recent --rcheck --seconds 60 --name x -j DROP');
    expect(t.translated).toBe(false);
    expect(t.untranslated).toEqual(['recent']);
    expect(t.nft).toBe(
      'nft # -t filter -A INPUT -m recent --rcheck --seconds 60 --name x --mask 255.255.255.255 --rsource -j DROP ',
    );
  });

  it('the untranslatable line repeats the arguments unquoted (xtables-translate.c): `--comment "a b"` prints as `--comment a b `', () => {
    const t = translate('nat', '-A PREROUTING -m comment --comment "a b" -m recent --set');
    expect(t.nft).toBe(
      'nft # -t nat -A PREROUTING -m comment --comment a b -m recent --set --name DEFAULT --mask 255.255.255.255 --rsource ',
    );
  });

  it('an extension without a translation module is named (u32 has no xlate)', () => {
    const t = translate('filter', '-A INPUT -m u32 --u32 "0>>22&0x3C@0>>16=0x50" -j DROP');
    expect(t.translated).toBe(false);
    expect(t.untranslated).toEqual(['u32']);
  });
});
