import { describe, expect, it } from 'vitest';
import { formatRuleForDisplay, parseRuleset, saveRule, saveRuleset } from './index.ts';

describe('the public entry with the real extension modules', () => {
  const text = [
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
    '-A PREROUTING -i eth0 -p tcp --dport 8080 -j DNAT --to-destination 10.0.2.2:80',
    '-A POSTROUTING -o eth1 -j MASQUERADE',
    '-A POSTROUTING -j ACCEPT',
    'COMMIT',
  ].join('\n');

  it('saveRule prints one rule as its -A line, with the implicit -m tcp', () => {
    const r = parseRuleset(text);
    expect(r.rejected).toBe(false);
    const pre = r.ruleset.tables.get('nat')!.chains.get('PREROUTING')!.rules[0]!;
    expect(saveRule(pre)).toBe('-A PREROUTING -i eth0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.0.2.2:80');
    expect(formatRuleForDisplay(pre)).toBe('-i eth0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.0.2.2:80');
  });

  it('formatRuleForDisplay says so when a rule has no condition and no target', () => {
    const r = parseRuleset('iptables -A INPUT');
    expect(formatRuleForDisplay(r.ruleset.tables.get('filter')!.chains.get('INPUT')!.rules[0]!)).toBe('(every packet)');
  });

  it('saveRuleset with counters prints them as iptables-save -c', () => {
    const r = parseRuleset('*filter\n:INPUT ACCEPT [5:500]\n[3:180] -A INPUT -j ACCEPT\nCOMMIT\n');
    expect(saveRuleset(r.ruleset, { counters: true })).toBe(
      '*filter\n:INPUT ACCEPT [5:500]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n[3:180] -A INPUT -j ACCEPT\nCOMMIT\n',
    );
    expect(saveRuleset(r.ruleset)).toBe(
      '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -j ACCEPT\nCOMMIT\n',
    );
  });
});
