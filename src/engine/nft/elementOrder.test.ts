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
});
