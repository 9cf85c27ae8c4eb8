// nft merges adjacent payload comparisons before the kernel gets the rule and lists the merged test as its fields in
// header order (nftables src/rule.c stmt_reduce, payload_do_merge; src/payload.c payload_can_merge;
// src/netlink_delinearize.c payload_match_expand). Each expected line is what nft 1.0.6 listed after `nft -f` of the
// written line in a throw-away network namespace.
import { describe, expect, it } from 'vitest';
import { parseNft, printRuleset } from './index.ts';
import { listedRules } from './testEval.ts';

/** Each written rule of a chain in a table of this family, as listed; the listing reads back to itself. */
function listed(family: string, written: string[]): string[] {
  return listedRules(family, written).map((l) => l.replace(/counter packets 0 bytes 0/g, 'counter'));
}

describe('adjacent payload comparisons merge and list in header order (nftables src/rule.c stmt_reduce)', () => {
  it('sport and dport of tcp, udp and th, icmp type and code, ip ttl and protocol', () => {
    expect(
      listed('ip', [
        'tcp dport 80 tcp sport 1',
        'udp dport 53 udp sport 1000',
        'udp dport 53 th sport 1',
        'tcp dport ssh tcp sport 1024',
        'icmp code 0 icmp type echo-request',
        'ip protocol tcp ip ttl 3',
        'tcp dport != 80 tcp sport != 1',
        'tcp dport { 80 } tcp sport { 1 }',
        'tcp dport == 80 tcp sport 1',
      ]),
    ).toEqual([
      'tcp sport 1 tcp dport 80',
      'udp sport 1000 udp dport 53',
      'udp sport 1 udp dport 53',
      'tcp sport 1024 tcp dport 22',
      'icmp type echo-request icmp code net-unreachable',
      'ip ttl 3 ip protocol tcp',
      'tcp sport != 1 tcp dport != 80',
      'tcp sport 1 tcp dport 80',
      'tcp sport 1 tcp dport 80',
    ]);
  });

  it('not: ip saddr and daddr (64 bits, two fast loads), different operators, ranges, sets, flags', () => {
    const kept = [
      'ip daddr 1.2.3.4 ip saddr 5.6.7.8',
      'tcp dport 80 tcp sport != 1',
      'tcp dport 80 tcp sport 1-2',
      'tcp dport 80 tcp sport { 1, 2 }',
      'tcp dport 80 tcp sport < 2',
      'tcp flags syn tcp dport 80',
      'ip length 100 ip ttl 3',
    ];
    expect(listed('ip', kept)).toEqual(kept);
  });

  it('the merged test takes the lower field’s place, or the protocol key’s; other expressions do not stop it', () => {
    expect(
      listed('ip', [
        'ip daddr 1.1.1.1 tcp dport 80 ip saddr 2.2.2.2 tcp sport 3',
        'tcp dport 80 meta mark 3 tcp sport 1',
        'tcp sport 1 meta mark 3 tcp dport 80',
        'tcp dport 80 ip ttl 3 tcp sport 1 ip protocol tcp',
        'ip protocol tcp ct state new ip ttl 3 tcp dport 1',
        'ct state established tcp dport 80 ct mark 1 tcp sport 1 drop',
        'tcp dport 80 tcp sport 1 tcp dport 80',
      ]),
    ).toEqual([
      'ip daddr 1.1.1.1 ip saddr 2.2.2.2 tcp sport 3 tcp dport 80',
      'meta mark 0x00000003 tcp sport 1 tcp dport 80',
      'tcp sport 1 tcp dport 80 meta mark 0x00000003',
      'tcp sport 1 tcp dport 80 ip ttl 3 ip protocol tcp',
      'ip ttl 3 ct state new tcp dport 1',
      'ct state established ct mark 0x00000001 tcp sport 1 tcp dport 80 drop',
      'tcp sport 1 tcp dport 80 tcp dport 80',
    ]);
  });

  it('a statement stops the merge only once two are collected; a dependency left before it is listed', () => {
    expect(
      listed('ip', [
        'tcp dport 80 counter tcp sport 1',
        'tcp sport 1 counter tcp dport 2 counter tcp sport 3',
        'tcp dport 2 counter tcp sport 1 counter tcp dport 4',
        'tcp sport 1 counter th dport 5',
        'icmp code 1 counter icmp type 3',
        'ip ttl 3 counter ip protocol tcp',
      ]),
    ).toEqual([
      'meta l4proto tcp counter tcp sport 1 tcp dport 80',
      'tcp sport 1 tcp dport 2 counter counter tcp sport 3',
      'meta l4proto tcp counter tcp sport 1 tcp dport 2 counter tcp dport 4',
      'tcp sport 1 tcp dport 5 counter',
      'meta l4proto icmp counter icmp type destination-unreachable icmp code host-unreachable',
      'counter ip ttl 3 ip protocol tcp',
    ]);
  });

  it('the dependency an ip protocol test replaced stays listed (and nft folds it when that listing is loaded again)', () => {
    const once = printRuleset(
      parseNft('table ip t {\n chain c {\n udp dport 53 ip protocol udp udp sport 1\n }\n}').ruleset,
    );
    expect(once).toContain('\t\tmeta l4proto udp udp sport 1 udp dport 53\n');
    expect(printRuleset(parseNft(once).ruleset)).toContain('\t\tudp sport 1 udp dport 53\n');
  });

  it('meta l4proto tcp written twice before a tcp field: the second is dropped, the first on the next listing', () => {
    // nft keeps one dependency per layer (payload_dependency_store): the second test replaces the first, and the tcp
    // field kills only that one. Loaded again, the first test is the dependency and goes too.
    const once = printRuleset(
      parseNft('table ip t {\n chain c {\n meta l4proto tcp meta l4proto tcp tcp dport 0 accept\n }\n}').ruleset,
    );
    expect(once).toContain('\t\tmeta l4proto tcp tcp dport 0 accept\n');
    expect(printRuleset(parseNft(once).ruleset)).toContain('\t\ttcp dport 0 accept\n');
    // With no tcp field after them, both tests stay, on every listing.
    expect(listed('ip', ['meta l4proto tcp meta l4proto tcp accept'])).toEqual([
      'meta l4proto tcp meta l4proto tcp accept',
    ]);
  });

  it('inet: the same merges; an ip field moved past a statement leaves meta nfproto ipv4 listed', () => {
    expect(
      listed('inet', [
        'tcp dport 80 tcp sport 1',
        'ip ttl 3 ip protocol tcp tcp dport 1',
        'meta nfproto ipv4 tcp dport 1 ip ttl 3 tcp sport 2',
        'ip ttl 3 counter ip protocol tcp',
        'ip saddr 1.1.1.1 counter ip daddr 2.2.2.2',
      ]),
    ).toEqual([
      'tcp sport 1 tcp dport 80',
      'ip ttl 3 ip protocol tcp tcp dport 1',
      'ip ttl 3 tcp sport 2 tcp dport 1',
      'meta nfproto ipv4 counter ip ttl 3 ip protocol tcp',
      'ip saddr 1.1.1.1 counter ip daddr 2.2.2.2',
    ]);
  });

  it('th fields merged with no protocol known list as a raw payload (payload_expr_print)', () => {
    expect(listed('ip', ['meta l4proto tcp th dport 80 th sport 1'])).toEqual(['tcp sport 1 tcp dport 80']);
    expect(listed('inet', ['th dport 1 th sport 2', 'th sport 0 th dport 80'])).toEqual([
      '@th,0,32 0x20001',
      '@th,0,32 0x50',
    ]);
  });
});

describe('meta protocol ip in an ip table (nftables src/rule.c stmt_reduce)', () => {
  it('is dropped when any statement follows it, kept when last', () => {
    expect(
      listed('ip', [
        'meta protocol ip ip saddr 1.1.1.1',
        'ip saddr 1.1.1.1 meta protocol ip',
        'meta protocol ip counter',
        'meta protocol ip meta protocol ip',
        'meta protocol ip accept',
      ]),
    ).toEqual(['ip saddr 1.1.1.1', 'ip saddr 1.1.1.1 meta protocol ip', 'counter', 'meta protocol ip', 'accept']);
    expect(listed('inet', ['meta protocol ip ip saddr 1.1.1.1'])).toEqual(['meta protocol ip ip saddr 1.1.1.1']);
  });
});

describe('== is listed only where nft prints it (nftables src/expression.c must_print_eq_op)', () => {
  it('on a bitmask value or a masked field', () => {
    expect(
      listed('ip', [
        'tcp dport == 80',
        'meta mark == 1',
        'ct state == new',
        'iifname == "x"',
        'ip saddr == 1.1.1.0/24',
        'tcp dport == 80-90',
        'tcp dport == { 80, 90 }',
        'tcp flags == syn',
      ]),
    ).toEqual([
      'tcp dport 80',
      'meta mark 0x00000001',
      'ct state == new',
      'iifname "x"',
      'ip saddr 1.1.1.0/24',
      'tcp dport 80-90',
      'tcp dport { 80, 90 }',
      'tcp flags == syn',
    ]);
  });
});

describe('a reject’s dependency goes at the head of the rule (nftables src/evaluate.c stmt_reject_gen_dependency)', () => {
  it('ip: a TCP reset folds it (stmt_reject_postprocess), unless a statement came between', () => {
    expect(
      listed('ip', [
        'reject with tcp reset',
        'counter reject with tcp reset',
        'meta l4proto tcp ct mark 0x10 reject with tcp reset',
        'ip protocol tcp reject with tcp reset',
        'tcp dport 1 counter reject with tcp reset',
        'counter reject with icmp host-unreachable',
      ]),
    ).toEqual([
      'reject with tcp reset',
      'meta l4proto tcp counter reject with tcp reset',
      'ct mark 0x00000010 reject with tcp reset',
      'reject with tcp reset',
      'tcp dport 1 counter reject with tcp reset',
      'counter reject with icmp host-unreachable',
    ]);
  });

  it('inet: a TCP reset keeps meta l4proto tcp; an icmp reject folds meta nfproto ipv4 unless a statement came between', () => {
    expect(
      listed('inet', [
        'reject with tcp reset',
        'ip saddr 1.1.1.1 reject with tcp reset',
        'tcp dport 1 reject with tcp reset',
        'reject with icmp host-unreachable',
        'counter reject with icmp host-unreachable',
        'counter reject with icmpx host-unreachable',
      ]),
    ).toEqual([
      'meta l4proto tcp reject with tcp reset',
      'meta l4proto tcp ip saddr 1.1.1.1 reject with tcp reset',
      'tcp dport 1 reject with tcp reset',
      'reject with icmp host-unreachable',
      'meta nfproto ipv4 counter reject with icmp host-unreachable',
      'counter reject with icmpx host-unreachable',
    ]);
  });

  it('th after a TCP reset’s dependency reads as tcp (r06-seed6: ip daddr . meta l4proto . th dport)', () => {
    expect(listed('ip', ['th dport { 1, 2 } reject with tcp reset'])).toEqual([
      'tcp dport { 1, 2 } reject with tcp reset',
    ]);
  });
});

describe('a range in a comparison stays a range (nftables src/expression.c range_expr_print; kernel nft_range.c)', () => {
  it('even a single value or an aligned prefix; in a set it becomes an interval, listed as nft lists those', () => {
    expect(
      listed('ip', [
        'ip saddr 1.1.1.0-1.1.1.255',
        'ip saddr != 1.1.1.0-1.1.1.255',
        'udp sport 0-0',
        'udp sport != 7-7',
        'ip saddr 1.1.1.1-1.1.1.1',
        'ip saddr { 1.1.1.0-1.1.1.255, 2.2.2.2 }',
        'tcp dport { 5-5, 7 }',
        'meta mark 3-3',
        'ip saddr 1.1.1.0/24',
        'tcp dport 80 tcp sport 1-1',
      ]),
    ).toEqual([
      'ip saddr 1.1.1.0-1.1.1.255',
      'ip saddr != 1.1.1.0-1.1.1.255',
      'udp sport 0-0',
      'udp sport != 7-7',
      'ip saddr 1.1.1.1-1.1.1.1',
      'ip saddr { 1.1.1.0/24, 2.2.2.2 }',
      'tcp dport { 5, 7 }',
      'meta mark 0x00000003-0x00000003',
      'ip saddr 1.1.1.0/24',
      'tcp dport 80 tcp sport 1-1',
    ]);
  });
});
