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
realTool('extensions/libxt_tcp.c tcp_xlate and libxt_udp.c udp_xlate', 'filter', [
  ['-A INPUT -p tcp -m tcp', "nft 'add rule ip filter INPUT counter'"],
  ['-A INPUT -p udp -m udp --sport 0:65535 --dport 53', "nft 'add rule ip filter INPUT udp dport 53 counter'"],
  [
    '-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG NONE',
    "nft 'add rule ip filter INPUT tcp flags 0x0 / fin,syn,rst,psh,ack,urg counter'",
  ],
]);
realTool('extensions/libxt_multiport.c multiport_xlate', 'filter', [
  [
    '-A INPUT -p tcp -m multiport --ports 22',
    "nft 'add rule ip filter INPUT ip protocol tcp tcp sport . tcp dport { 0-65535 . 22, 22 . 0-65535 } counter'",
  ],
  [
    '-A INPUT -p udp -m multiport ! --ports 53,1024:2000',
    "nft 'add rule ip filter INPUT ip protocol udp udp sport . udp dport { 0-65535 . 53, 53 . 0-65535, 0-65535 . 1024, 1024 . 0-65535, 0-65535 . 2000, 2000 . 0-65535 } counter'",
  ],
]);
realTool('extensions/libxt_conntrack.c conntrack_mt_xlate', 'filter', [
  ['-A INPUT -m conntrack ! --ctstate NEW,SNAT', "nft 'add rule ip filter INPUT ct status snat counter'"],
  ['-A INPUT -m conntrack --ctstate RELATED,DNAT', "nft 'add rule ip filter INPUT ct status dnat counter'"],
  [
    '-A INPUT -m conntrack ! --ctstatus EXPECTED,ASSURED',
    "nft 'add rule ip filter INPUT ct status ! expected,assured counter'",
  ],
  ['-A INPUT -m conntrack --ctstatus NONE', "nft 'add rule ip filter INPUT ct status counter'"],
]);
realTool('extensions/libxt_statistic.c statistic_xlate', 'filter', [
  [
    '-A INPUT -m statistic --mode random --probability 0.10000000009',
    "nft 'add rule ip filter INPUT meta random & 2147483647 < 214748365 counter'",
  ],
  [
    '-A INPUT -m statistic --mode random ! --probability 0.50000000000',
    "nft 'add rule ip filter INPUT meta random & 2147483647 >= 1073741824 counter'",
  ],
]);
realTool('extensions/libxt_CONNMARK.c connmark_tg_xlate_v2', 'mangle', [
  [
    '-A PREROUTING -j CONNMARK --set-xmark 0xa00/0xff00',
    "nft 'add rule ip mangle PREROUTING counter ct mark set ct mark xor 0xa00 and 0xffff00ff'",
  ],
  [
    '-A PREROUTING -j CONNMARK --set-xmark 0x4/0x4',
    "nft 'add rule ip mangle PREROUTING counter ct mark set ct mark or 0x4'",
  ],
  [
    '-A PREROUTING -j CONNMARK --set-xmark 0x0/0xff',
    "nft 'add rule ip mangle PREROUTING counter ct mark set ct mark and 0xffffff00'",
  ],
  [
    '-A PREROUTING -j CONNMARK --set-xmark 0x5/0x0',
    "nft 'add rule ip mangle PREROUTING counter ct mark set ct mark xor 0x5'",
  ],
  [
    '-A PREROUTING -j CONNMARK --save-mark --nfmask 0xff --ctmask 0xff',
    "nft 'add rule ip mangle PREROUTING counter ct mark set mark and 0xff'",
  ],
  [
    '-A PREROUTING -j CONNMARK --restore-mark --nfmask 0xfffffff --ctmask 0xffffffff',
    'nft # -t mangle -A PREROUTING -j CONNMARK --restore-mark --nfmask 0xfffffff --ctmask 0xffffffff ',
  ],
  [
    '-A PREROUTING -j CONNMARK --save-mark --nfmask 0xff --ctmask 0xff --right-shift-mark 2',
    "nft 'add rule ip mangle PREROUTING counter ct mark set ( mark and 0xff ) >> 2'",
  ],
  [
    '-A PREROUTING -j CONNMARK --set-xmark 0x4/0xffffffff --left-shift-mark 1',
    "nft 'add rule ip mangle PREROUTING counter ct mark set ( 0x4  ) << 1'",
  ],
]);
realTool('extensions/libxt_udp.c udp_xlate', 'filter', [
  ['-A INPUT -p udp -m udp ! --dport 53', "nft 'add rule ip filter INPUT udp dport 53 counter'"],
  [
    '-A INPUT -p udp -m udp ! --sport 53 --dport 1',
    "nft 'add rule ip filter INPUT udp sport != 53 udp dport != 1 counter'",
  ],
]);
realTool(
  'iptables/xtables-translate.c: each `!` argument is blanked before the untranslatable line is printed',
  'filter',
  [
    [
      '-A INPUT ! -s 1.2.3.4/32 -m recent ! --rcheck --name DEFAULT --mask 255.255.255.255 --rsource',
      'nft # -t filter -A INPUT  -s 1.2.3.4/32 -m recent  --rcheck --name DEFAULT --mask 255.255.255.255 --rsource ',
    ],
  ],
);

describe('extensions/libxt_comment.c comment_xlate: the quoted comment is cut to 255 characters (iptables 1.8.9)', () => {
  it('a comment of 253 characters keeps its closing quote: `counter comment "x…x"`', () => {
    const x = 'x'.repeat(253);
    expect(translated('filter', `-A INPUT -m comment --comment "${x}"`)).toBe(
      `nft 'add rule ip filter INPUT counter comment "${x}"'`,
    );
  });
  it('a comment of 254 characters loses its closing quote: `counter comment "x…x`', () => {
    const x = 'x'.repeat(254);
    expect(translated('filter', `-A INPUT -m comment --comment "${x}"`)).toBe(
      `nft 'add rule ip filter INPUT counter comment "${x}'`,
    );
  });
});
realTool('extensions/libxt_sctp.c sctp_xlate', 'filter', [
  ['-A INPUT -p sctp -m sctp --sport 0:65535', "nft 'add rule ip filter INPUT sctp sport 0-65535 counter'"],
  [
    '-A INPUT -p sctp -m sctp ! --sport 5 --dport 6',
    "nft 'add rule ip filter INPUT sctp sport != 5 sctp dport 6 counter'",
  ],
  [
    '-A INPUT -p sctp -m sctp ! --chunk-types all DATA,INIT',
    "nft 'add rule ip filter INPUT sctp chunk data missing sctp chunk init missing counter'",
  ],
  [
    '-A INPUT -p sctp -m sctp --chunk-types all DATA:Be',
    "nft 'add rule ip filter INPUT sctp chunk data flags & 0x3 == 0x2 counter'",
  ],
  [
    '-A INPUT -p sctp -m sctp --dport 5 --chunk-types all ASCONF_ACK,FORWARD_TSN',
    "nft 'add rule ip filter INPUT sctp dport 5 sctp chunk asconf-ack exists sctp chunk forward-tsn exists counter'",
  ],
  [
    '-A INPUT -p sctp -m sctp --chunk-types any INIT',
    'nft # -t filter -A INPUT -p sctp -m sctp --chunk-types any INIT ',
  ],
  ['-A INPUT -p sctp -m sctp --chunk-types all NONE', "nft 'add rule ip filter INPUT counter'"],
]);

describe('extensions/libxt_sctp.c sctp_xlate: `--chunk-types only` goes through the whole chunk table', () => {
  it('--chunk-types only INIT,ABORT:T → `sctp chunk data missing sctp chunk init exists … sctp chunk abort flags & 0x1 == 0x1 … sctp chunk i-forward-tsn missing`', () => {
    const nft = translated('filter', '-A INPUT -p sctp -m sctp --chunk-types only INIT,ABORT:T');
    const tests = nft
      .replace(/^nft 'add rule ip filter INPUT /, '')
      .replace(/ counter'$/, '')
      .split(/ (?=sctp chunk)/);
    expect(tests).toHaveLength(22);
    expect(tests.slice(0, 3)).toEqual([
      'sctp chunk data missing',
      'sctp chunk init exists',
      'sctp chunk init-ack missing',
    ]);
    expect(tests[6]).toBe('sctp chunk abort flags & 0x1 == 0x1');
    expect(tests.slice(12, 14)).toEqual(['sctp chunk ecne missing', 'sctp chunk cwr missing']);
    expect(tests.at(-1)).toBe('sctp chunk i-forward-tsn missing');
  });
});
realTool('extensions/libxt_connbytes.c connbytes_xlate', 'filter', [
  [
    '-A INPUT -m connbytes --connbytes 0:1000 --connbytes-mode packets --connbytes-dir original',
    "nft 'add rule ip filter INPUT ct original packets 0-1000 counter'",
  ],
  [
    '-A INPUT -m connbytes ! --connbytes 10 --connbytes-mode bytes --connbytes-dir both',
    "nft 'add rule ip filter INPUT ct bytes lt 10 counter'",
  ],
  [
    '-A INPUT -m connbytes ! --connbytes 5:5 --connbytes-mode avgpkt --connbytes-dir reply',
    "nft 'add rule ip filter INPUT ct reply avgpkt 5 counter'",
  ],
  [
    '-A INPUT -m connbytes ! --connbytes 5:1000 --connbytes-mode packets --connbytes-dir original',
    "nft 'add rule ip filter INPUT ct original packets != 5-1000 counter'",
  ],
]);
realTool('extensions/libxt_dscp.c dscp_xlate and libxt_tcpmss.c tcpmss_xlate', 'filter', [
  ['-A INPUT -m dscp ! --dscp 0x2e', "nft 'add rule ip filter INPUT ip dscp != 0x2e counter'"],
  [
    '-A INPUT -p tcp -m tcpmss ! --mss 42:50',
    "nft 'add rule ip filter INPUT ip protocol tcp tcp option maxseg size != 42-50 counter'",
  ],
]);
realTool('extensions/libxt_DSCP.c DSCP_xlate and libxt_TCPMSS.c TCPMSS_xlate', 'mangle', [
  ['-A POSTROUTING -j DSCP --set-dscp 0x22', "nft 'add rule ip mangle POSTROUTING counter ip dscp set 0x22'"],
  [
    '-A POSTROUTING -p tcp -j TCPMSS --set-mss 1400',
    "nft 'add rule ip mangle POSTROUTING ip protocol tcp counter tcp option maxseg size set 1400'",
  ],
  [
    '-A POSTROUTING -p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu',
    "nft 'add rule ip mangle POSTROUTING tcp flags syn / syn,rst counter tcp option maxseg size set rt mtu'",
  ],
]);
realTool('extensions/libxt_CT.c xlate_ct1_tg and libxt_TRACE.c trace_xlate', 'raw', [
  ['-A PREROUTING -j CT --notrack', "nft 'add rule ip raw PREROUTING counter notrack'"],
  ['-A PREROUTING -p tcp -j CT --helper ftp', 'nft # -t raw -A PREROUTING -p tcp -j CT --helper ftp '],
  ['-A PREROUTING -j TRACE', "nft 'add rule ip raw PREROUTING counter nftrace set 1'"],
]);
realTool('extensions/libxt_policy.c policy_xlate, libxt_helper.c helper_xlate, libxt_mac.c mac_xlate', 'filter', [
  ['-A INPUT -m policy --dir in --pol ipsec', "nft 'add rule ip filter INPUT meta secpath exists counter'"],
  ['-A INPUT -m policy --dir in --pol none', "nft 'add rule ip filter INPUT meta secpath missing counter'"],
  ['-A OUTPUT -m policy --dir out --pol ipsec', 'nft # -t filter -A OUTPUT -m policy --dir out --pol ipsec '],
  ['-A INPUT -m helper ! --helper ftp', 'nft \'add rule ip filter INPUT ct helper != "ftp" counter\''],
  [
    '-A INPUT -m mac ! --mac-source 00:01:02:0a:04:05',
    "nft 'add rule ip filter INPUT ether saddr != 00:01:02:0a:04:05 counter'",
  ],
]);
realTool('extensions/libxt_rpfilter.c rpfilter_xlate', 'mangle', [
  ['-A PREROUTING -m rpfilter', "nft 'add rule ip mangle PREROUTING fib saddr . iif oif != 0 counter'"],
  [
    '-A PREROUTING -m rpfilter --loose --validmark',
    "nft 'add rule ip mangle PREROUTING fib saddr . mark oif != 0 counter'",
  ],
  [
    '-A PREROUTING -m rpfilter --validmark --invert',
    "nft 'add rule ip mangle PREROUTING fib saddr . mark . iif oif 0 counter'",
  ],
  ['-A PREROUTING -m rpfilter --accept-local', 'nft # -t mangle -A PREROUTING -m rpfilter --accept-local '],
  [
    '-A PREROUTING -m rpfilter --loose --validmark --accept-local --invert',
    "nft 'add rule ip mangle PREROUTING fib saddr type != local fib saddr . mark oif 0 counter'",
  ],
]);
realTool('extensions/libxt_hashlimit.c hashlimit_mt_xlate', 'filter', [
  [
    '-A INPUT -m hashlimit --hashlimit-upto 1/sec --hashlimit-burst 1 --hashlimit-mode srcip --hashlimit-name mini1 --hashlimit-htable-expire 2000',
    "nft 'add rule ip filter INPUT meter mini1 { ip saddr timeout 2s limit rate 1/second burst 1 packets } counter'",
  ],
  [
    '-A INPUT -m hashlimit --hashlimit-above 1000/sec --hashlimit-mode srcip --hashlimit-name icmp',
    "nft 'add rule ip filter INPUT meter icmp { ip saddr limit rate over 1000/second } counter'",
  ],
  [
    '-A INPUT -m hashlimit --hashlimit-upto 10/min --hashlimit-mode srcip,dstip,srcport,dstport --hashlimit-name x',
    "nft 'add rule ip filter INPUT meter x { ip daddr . tcp dport . ip saddr . tcp sport timeout 60s limit rate 10/minute } counter'",
  ],
  [
    '-A INPUT -m hashlimit --hashlimit-upto 10/hour --hashlimit-mode dstip --hashlimit-dstmask 16 --hashlimit-name x',
    "nft 'add rule ip filter INPUT meter x { ip daddr and 255.255.0.0 timeout 3600s limit rate 10/hour } counter'",
  ],
  [
    '-A INPUT -m hashlimit --hashlimit-above 512kb/s --hashlimit-burst 1mb --hashlimit-mode srcip --hashlimit-name x',
    "nft 'add rule ip filter INPUT meter x { ip saddr timeout 60s limit rate over 512 kbytes/second burst 1 mbytes } counter'",
  ],
  [
    '-A INPUT -m hashlimit --hashlimit-upto 10kb/s --hashlimit-mode srcip --hashlimit-name x',
    "nft 'add rule ip filter INPUT meter x { ip saddr timeout 15s limit rate 10 kbytes/second } counter'",
  ],
  [
    '-A INPUT -m hashlimit --hashlimit-above 1/sec --hashlimit-burst 5 --hashlimit-name mini1',
    'nft # -t filter -A INPUT -m hashlimit --hashlimit-above 1/sec --hashlimit-burst 5 --hashlimit-name mini1 ',
  ],
]);
realTool('extensions/libxt_TOS.c tos_xlate_v1 (ip6 dscp even in an ip table, as 1.8.9 writes it)', 'mangle', [
  ['-A PREROUTING -j TOS --set-tos 0x1f/0xff', "nft 'add rule ip mangle PREROUTING counter ip6 dscp set 0x07'"],
  ['-A PREROUTING -j TOS --set-tos 0x3f/0x3f', "nft 'add rule ip mangle PREROUTING counter ip6 dscp set 0x0f'"],
  [
    '-A PREROUTING -j TOS --set-tos 0x10/0x0f',
    "nft 'add rule ip mangle PREROUTING counter ip6 dscp set ip6 dscp and 0x3c xor 0x04'",
  ],
  [
    '-A PREROUTING -j TOS --set-tos 0x10/0x10',
    "nft 'add rule ip mangle PREROUTING counter ip6 dscp set ip6 dscp or 0x04'",
  ],
  [
    '-A PREROUTING -j TOS --set-tos 0x10/0x00',
    "nft 'add rule ip mangle PREROUTING counter ip6 dscp set ip6 dscp xor 0x04'",
  ],
  [
    '-A PREROUTING -j TOS --set-tos 0x00/0xef',
    "nft 'add rule ip mangle PREROUTING counter ip6 dscp set ip6 dscp and 0x04'",
  ],
]);
realTool('extensions/libxt_time.c time_xlate', 'filter', [
  [
    '-A INPUT -m time --timestart 08:00:00 --timestop 17:00:00 --weekdays Sat,Sun',
    'nft \'add rule ip filter INPUT  meta hour "08:00:00"-"17:00:00" meta day { 6, 0 } counter\'',
  ],
  ['-A INPUT -m time --weekdays Sun', "nft 'add rule ip filter INPUT  meta day 0 counter'"],
  [
    '-A INPUT -m time --datestart 2020-01-01T00:00:00',
    'nft \'add rule ip filter INPUT meta time "2020-01-01 00:00:00"-"2038-01-19 03:14:07" counter\'',
  ],
  ['-A INPUT -m time --monthdays 1,15', 'nft # -t filter -A INPUT -m time --monthdays 1,15 '],
]);
realTool('extensions/libxt_quota.c quota_xlate', 'filter', [
  ['-A INPUT -m quota --quota 1000', "nft 'add rule ip filter INPUT quota 1000 bytes counter'"],
  ['-A INPUT -m quota ! --quota 1000', "nft 'add rule ip filter INPUT quota over 1000 bytes counter'"],
]);
realTool('extensions/libipt_icmp.c icmp_xlate', 'filter', [
  [
    '-A INPUT -p icmp -m icmp --icmp-type 3/4 -j ACCEPT',
    'nft # -t filter -A INPUT -p icmp -m icmp --icmp-type 3/4 -j ACCEPT ',
  ],
  ['-A INPUT -p icmp -m icmp --icmp-type 16', 'nft # -t filter -A INPUT -p icmp -m icmp --icmp-type 16 '],
  ['-A INPUT -p icmp -m icmp --icmp-type 40', 'nft # -t filter -A INPUT -p icmp -m icmp --icmp-type 40 '],
  ['-A INPUT -p icmp -m icmp ! --icmp-type any', "nft 'add rule ip filter INPUT ip protocol icmp counter'"],
  ['-A INPUT -p icmp -m icmp --icmp-type 17', "nft 'add rule ip filter INPUT icmp type address-mask-request counter'"],
]);
realTool('extensions/libxt_connlimit.c connlimit_xlate (its set declared on a line before the rule)', 'filter', [
  [
    '-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -m connlimit --connlimit-above 2 --connlimit-mask 32 --connlimit-saddr -j REJECT --reject-with icmp-port-unreachable',
    "nft 'add set ip filter connlimit0 { type ipv4_addr; flags dynamic; }'\nnft 'add rule ip filter INPUT tcp flags syn / fin,syn,rst,ack add @connlimit0 { ip saddr ct count over 2 } counter reject'",
  ],
  [
    '-A INPUT -m connlimit --connlimit-upto 2 --connlimit-mask 24 --connlimit-daddr',
    "nft 'add set ip filter connlimit0 { type ipv4_addr; flags dynamic; }'\nnft 'add rule ip filter INPUT add @connlimit0 { ip daddr and 255.255.255.0 ct count 2 } counter'",
  ],
  [
    '-A INPUT -m connlimit --connlimit-above 2 --connlimit-mask 32 --connlimit-saddr -m connlimit --connlimit-above 3 --connlimit-mask 32 --connlimit-daddr',
    "nft 'add set ip filter connlimit0 { type ipv4_addr; flags dynamic; } connlimit1 { type ipv4_addr; flags dynamic; }'\nnft 'add rule ip filter INPUT add @connlimit0 { ip saddr ct count over 2 } add @connlimit1 { ip daddr ct count over 3 } counter'",
  ],
  [
    '-A INPUT -m connlimit --connlimit-above 2 --connlimit-mask 32 --connlimit-saddr -m recent --set --name DEFAULT --mask 255.255.255.255 --rsource',
    'nft # -t filter -A INPUT -m connlimit --connlimit-above 2 --connlimit-mask 32 --connlimit-saddr -m recent --set --name DEFAULT --mask 255.255.255.255 --rsource ',
  ],
]);
realTool('extensions/libxt_CLASSIFY.c CLASSIFY_xlate', 'mangle', [
  [
    '-A POSTROUTING -j CLASSIFY --set-class 0001:0010',
    "nft 'add rule ip mangle POSTROUTING counter meta priority set 1:10'",
  ],
  [
    '-A POSTROUTING -j CLASSIFY --set-class 0000:0000',
    "nft 'add rule ip mangle POSTROUTING counter meta priority set none'",
  ],
  [
    '-A POSTROUTING -j CLASSIFY --set-class ffff:ffff',
    "nft 'add rule ip mangle POSTROUTING counter meta priority set root'",
  ],
  [
    '-A POSTROUTING -j CLASSIFY --set-class 0abc:001f',
    "nft 'add rule ip mangle POSTROUTING counter meta priority set abc:1f'",
  ],
]);
