// The order nft 1.0.6 lists set elements in (expression.c expr_msort_cmp over the data read back from the kernel):
// each expectation is what `nft list ruleset` printed in a throw-away network namespace, the same on every load.
import { describe, expect, it } from 'vitest';
import { parseNft, printRuleset } from './index.ts';

const ruleLine = (rule: string) => {
  const p = parseNft(`table ip t {\n\tchain c {\n\t\t${rule}\n\t}\n}\n`);
  expect(p.rejected).toBe(false);
  return printRuleset(p.ruleset).split('\n')[2]!.trim();
};

describe('set elements in nft list order (by data as a host-order integer for concatenations and strings)', () => {
  it('a concatenation: the last part weighs most, a port by its low byte first (network order in its register)', () => {
    expect(
      ruleLine(
        'ip daddr . meta l4proto . th dport { 10.0.2.2 . tcp . 80, 10.0.2.2 . udp . 53, 10.0.2.3 . tcp . 22, ' +
          '10.0.1.1 . tcp . 8080, 10.0.2.2 . tcp . 443 } accept',
      ),
    ).toBe(
      'ip daddr . meta l4proto . th dport { 10.0.2.3 . tcp . 22, 10.0.2.2 . udp . 53, 10.0.2.2 . tcp . 80, ' +
        '10.0.1.1 . tcp . 8080, 10.0.2.2 . tcp . 443 } accept',
    );
  });

  it('an interface name by its last characters first ("docker0" before "bridge1")', () => {
    expect(ruleLine('oifname vmap { "bridge1" : accept, "docker0" : drop }')).toBe(
      'oifname vmap { "docker0" : drop, "bridge1" : accept }',
    );
  });

  it('a single number by its value, whatever the byte order (ports, addresses)', () => {
    expect(ruleLine('tcp dport { 80, 22, 443, 8080, 53 } accept')).toBe('tcp dport { 22, 53, 80, 443, 8080 } accept');
    expect(ruleLine('ip saddr { 10.0.0.6, 10.0.0.1, 9.0.0.2 } accept')).toBe(
      'ip saddr { 9.0.0.2, 10.0.0.1, 10.0.0.6 } accept',
    );
  });

  it('tcp flags by their lowest flag (`syn | ack` weighs as syn); flags that weigh the same in reverse, as nft 1.0.6', () => {
    expect(ruleLine('tcp flags { ack, syn | ack } accept')).toBe('tcp flags { syn | ack, ack } accept');
    expect(ruleLine('tcp flags { syn | ack, syn | rst, syn | fin, syn, rst, fin } accept')).toBe(
      'tcp flags { fin, fin | syn, syn, syn | rst, syn | ack, rst } accept',
    );
    expect(ruleLine('tcp flags { 0x0, 0x40, 0xc2, cwr } accept')).toBe(
      'tcp flags { 0x0, syn | ecn | cwr, ecn, cwr } accept',
    );
    expect(ruleLine('ct status { dnat, snat | dnat } accept')).toBe('ct status { snat | dnat, dnat } accept');
  });

  it('nft 1.0.6 swaps `syn` and `syn | ack` on every listing, in a rule and in a named set', () => {
    const text =
      'table ip t {\n\tset f {\n\t\ttype tcp_flag\n\t\telements = { syn, syn | ack, fin, syn | rst }\n\t}\n\n' +
      '\tchain c {\n\t\ttcp flags { syn, syn | ack } accept\n\t}\n}\n';
    const once = printRuleset(parseNft(text).ruleset);
    expect(once).toContain('\t\telements = { fin, syn | rst, syn | ack, syn }\n');
    expect(once).toContain('\t\ttcp flags { syn | ack, syn } accept\n');
    const twice = printRuleset(parseNft(once).ruleset);
    expect(twice).toContain('\t\telements = { fin, syn, syn | ack, syn | rst }\n');
    expect(twice).toContain('\t\ttcp flags { syn, syn | ack } accept\n');
  });
});
