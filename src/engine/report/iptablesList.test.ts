import { describe, expect, it } from 'vitest';
import { runTrace } from '../trace/index.ts';
import { formatCount, formatIptablesList } from './iptablesList.ts';
import { formatIptablesSave } from './iptablesSave.ts';
import { reportRules } from './index.ts';

const FIREWALL = `*filter
:INPUT DROP [7:420]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:LOGDROP - [0:0]
[3:180] -A INPUT -i lo -j ACCEPT
-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
-A INPUT -s 10.0.0.0/8 ! -d 10.0.0.5/32 -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -p udp -m multiport --dports 53,1000:2000 -j LOGDROP
-A INPUT -p icmp -m icmp --icmp-type 8 -j REJECT --reject-with icmp-host-prohibited
-A LOGDROP -m comment --comment "no entry" -j LOG --log-prefix "DROP: "
-A LOGDROP -j DROP
COMMIT
`;

function table(rules: string, name = 'filter') {
  const { tables } = reportRules(rules);
  const t = tables.find((x) => x.name === name);
  if (!t) throw new Error(`no ${name} table`);
  return t;
}

describe('iptables -L -n -v --line-numbers (xshared.c print_header / print_rule_details, nft-ipv4.c)', () => {
  it('prints the header, columns and rule lines with iptables column widths', () => {
    const text = formatIptablesList(table(FIREWALL), { lineNumbers: true });
    const lines = text.split('\n');
    expect(lines[0]).toBe('Chain INPUT (policy DROP 7 packets, 420 bytes)');
    expect(lines[1]).toBe(
      'num   pkts bytes target     prot opt in     out     source               destination         ',
    );
    expect(lines[2]).toBe(
      '1        3   180 ACCEPT     all  --  lo     *       0.0.0.0/0            0.0.0.0/0           ',
    );
    // print_state orders the states INVALID, NEW, RELATED, ESTABLISHED whatever the rule's order.
    expect(lines[3]).toBe(
      '2        0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ctstate RELATED,ESTABLISHED',
    );
    // A /32 host has no mask; a negated address takes the '!' in the separator column.
    expect(lines[4]).toBe(
      '3        0     0 ACCEPT     tcp  --  *      *       10.0.0.0/8          !10.0.0.5             tcp dpt:22',
    );
    expect(lines[5]).toBe(
      '4        0     0 LOGDROP    udp  --  *      *       0.0.0.0/0            0.0.0.0/0            multiport dports 53,1000:2000',
    );
    expect(lines[6]).toBe(
      '5        0     0 REJECT     icmp --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 8 reject-with icmp-host-prohibited',
    );
  });

  it('heads a user chain with its references and separates chains with one blank line', () => {
    const text = formatIptablesList(table(FIREWALL));
    expect(text).toContain('\n\nChain LOGDROP (1 references)\n');
    expect(text).toContain(
      '    0     0 LOG        all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* no entry */ LOG flags 0 level 4 prefix "DROP: "\n',
    );
    expect(text.endsWith('0.0.0.0/0           \n')).toBe(true);
  });

  it('marks a goto and prints nat targets as "to:"', () => {
    const nat = `*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:WEB - [0:0]
-A PREROUTING -p tcp -m tcp --dport 80 -g WEB
-A POSTROUTING -o eth0 -j MASQUERADE
-A WEB -p tcp -j DNAT --to-destination 10.0.0.5:8080
COMMIT
`;
    const text = formatIptablesList(table(nat, 'nat'));
    expect(text).toContain(
      '    0     0 WEB        tcp  --  *      *       0.0.0.0/0            0.0.0.0/0           [goto]  tcp dpt:80\n',
    );
    expect(text).toContain(
      '    0     0 MASQUERADE  all  --  *      eth0    0.0.0.0/0            0.0.0.0/0           \n',
    );
    expect(text).toContain('0.0.0.0/0            to:10.0.0.5:8080\n');
  });

  it('rounds counters as xtables_print_num: K, M, G above 99999, padded in the table, bare in a chain header', () => {
    expect(formatCount(99999, { table: true })).toBe('99999 ');
    expect(formatCount(100000, { table: true })).toBe(' 100K ');
    expect(formatCount(123456, { table: true })).toBe(' 123K ');
    expect(formatCount(9999499, { table: true })).toBe('9999K ');
    expect(formatCount(9999500, { table: true })).toBe('  10M ');
    expect(formatCount(12345678, { table: false })).toBe('12M ');
    expect(formatCount(4_000_000_000_000, { table: true })).toBe('4000G ');
    expect(formatCount(40_000_000_000_000, { table: true })).toBe('  40T ');
    expect(formatCount(123456, { table: true, exact: true, exactWidth: 10 })).toBe('    123456 ');
  });

  it("keeps a dump's own counters and adds what traced packets moved", () => {
    const packets = [
      {
        in: 'eth0',
        proto: 'tcp',
        src: '10.1.1.1',
        dst: '10.0.0.9',
        sport: 40000,
        dport: 22,
        tcpFlags: ['SYN'],
        length: 60,
      },
      {
        in: 'eth0',
        proto: 'tcp',
        src: '10.1.1.1',
        dst: '10.0.0.9',
        sport: 40001,
        dport: 22,
        tcpFlags: ['SYN'],
        length: 60,
      },
    ];
    const host = {
      interfaces: [
        { name: 'eth0', addresses: ['10.0.0.9/24'] },
        { name: 'lo', addresses: ['127.0.0.1/8'] },
      ],
      routes: [],
      forwarding: false,
    };
    const response = runTrace({ rules: FIREWALL, host, packets });
    if (!response.ok || !('results' in response)) throw new Error('trace failed');
    const after = reportRules(FIREWALL, response.results[1]?.counters).tables.find((t) => t.name === 'filter');
    const input = after?.chains.find((c) => c.name === 'INPUT');
    expect(input?.rules[0]).toMatchObject({ packets: 3, bytes: 180 });
    expect(input?.rules[2]).toMatchObject({ packets: 2, bytes: 120 });
    expect(input).toMatchObject({ packets: 7, bytes: 420 });
  });
});

describe('iptables-save -c', () => {
  it('prints [packets:bytes] on chains and rules, - for a user chain', () => {
    const text = formatIptablesSave([table(FIREWALL)]);
    const lines = text.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      '*filter',
      ':INPUT DROP [7:420]',
      ':FORWARD DROP [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':LOGDROP - [0:0]',
      '[3:180] -A INPUT -i lo -j ACCEPT',
    ]);
    expect(text.endsWith('COMMIT\n')).toBe(true);
  });

  it('adds the Generated and Completed comments when given a date', () => {
    const text = formatIptablesSave([table(FIREWALL)], { generatedOn: 'Sat Dec  5 21:00:00 2026' });
    expect(
      text.startsWith('# Generated by iptables-save v1.8.10 (nf_tables) on Sat Dec  5 21:00:00 2026\n*filter\n'),
    ).toBe(true);
    expect(text.endsWith('COMMIT\n# Completed on Sat Dec  5 21:00:00 2026\n')).toBe(true);
  });
});

describe("extensions in a listing (each module's list(), after libxt_*.c print with numeric on)", () => {
  const mangle = `*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -p tcp -m tcp --sport 1024:65535 --tcp-flags FIN,SYN,RST,ACK SYN -j MARK --set-xmark 0x1/0xffffffff
-A PREROUTING -m mark --mark 0x4000/0x4000 -j MARK --set-xmark 0x0/0x4000
-A PREROUTING -m statistic --mode random --probability 0.33333333349 -j MARK --set-xmark 0x2/0xff
-A PREROUTING -m connmark ! --mark 0x1 -j MARK --set-xmark 0x8/0x8
-A PREROUTING -p udp -m udp ! --dport 53 -m state --state ESTABLISHED,NEW
COMMIT
`;
  const extras = table(mangle, 'mangle').chains[0]?.rules.map((r) => r.extra);

  it('prints tcp flags as 0x%02X/0x%02X and port ranges as spts:a:b', () => {
    expect(extras?.[0]).toBe(' tcp spts:1024:65535 flags:0x17/0x02 MARK set 0x1');
  });
  it('prints a mark with its mask and MARK as and/or/xset', () => {
    expect(extras?.[1]).toBe(' mark match 0x4000/0x4000 MARK and 0xffffbfff');
    expect(extras?.[2]).toBe(' statistic mode random probability 0.33333333349 MARK xset 0x2/0xff');
    expect(extras?.[3]).toBe(' connmark match ! 0x1 MARK or 0x8');
  });
  it('prints a negated port with ! after the colon and states in print order', () => {
    expect(extras?.[4]).toBe(' udp dpt:!53 state NEW,ESTABLISHED');
  });
});
