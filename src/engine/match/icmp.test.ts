import { describe, expect, it } from 'vitest';
import { icmpMatch } from './icmp.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';

const ICMP = { proto: 1 };

describe('icmp: parse and canonical save (libipt_icmp.t)', () => {
  it.each([
    ['--icmp-type any', '--icmp-type any'],
    ['--icmp-type echo-reply', '--icmp-type 0'],
    ['--icmp-type destination-unreachable', '--icmp-type 3'],
    ['--icmp-type 255/255', '--icmp-type 255/255'],
    ['--icmp-type 255/0:255', '--icmp-type any'],
    ['--icmp-type port-unreachable', '--icmp-type 3/3'],
    ['! --icmp-type echo-request', '! --icmp-type 8'],
    ['--icmp-type PING', '--icmp-type 8'],
    ['--icmp-type 3/1:5', '--icmp-type 3/1'],
  ])('%s saves as "%s"', (text, want) => {
    expect(saved(icmpMatch, text, ICMP)).toBe(want);
  });

  it('refuses -m icmp with no --icmp-type (the option is mandatory)', () => {
    expect(parseWith(icmpMatch, '', ICMP).ok).toBe(false);
  });

  it('refuses -m icmp without -p icmp', () => {
    expect(parseWith(icmpMatch, '--icmp-type 8', { proto: 6 }).ok).toBe(false);
  });

  it.each(['--icmp-type echo-re', '--icmp-type bogus', '--icmp-type 256', '--icmp-type 3:4', '--icmp-type 3/x'])(
    'refuses %s (ambiguous prefix, unknown name, out of range, type range)',
    (text) => {
      expect(parseWith(icmpMatch, text, ICMP).ok).toBe(false);
    },
  );

  it('accepts a unique prefix of a type name, as iptables does', () => {
    expect(saved(icmpMatch, '--icmp-type echo-req', ICMP)).toBe('--icmp-type 8');
  });
});

describe('icmp: evaluate', () => {
  const ping = { proto: 1, icmpType: 8, icmpCode: 0 };
  it('echo-request matches a ping and not an echo reply', () => {
    expect(evaluateWith(icmpMatch, '--icmp-type echo-request', { pkt: ping }, ICMP).matched).toBe(true);
    expect(evaluateWith(icmpMatch, '--icmp-type echo-request', { pkt: { ...ping, icmpType: 0 } }, ICMP).matched).toBe(
      false,
    );
  });

  it('a name with one code (port-unreachable) checks the code too', () => {
    const unreach = { proto: 1, icmpType: 3, icmpCode: 3 };
    expect(evaluateWith(icmpMatch, '--icmp-type port-unreachable', { pkt: unreach }, ICMP).matched).toBe(true);
    const r = evaluateWith(icmpMatch, '--icmp-type port-unreachable', { pkt: { ...unreach, icmpCode: 1 } }, ICMP);
    expect(r.matched).toBe(false);
    expect(r.explain[0]?.id).toBe('match.icmp.code-differs');
  });

  it('any matches every type; ! any matches none', () => {
    expect(evaluateWith(icmpMatch, '--icmp-type any', { pkt: { ...ping, icmpType: 13 } }, ICMP).matched).toBe(true);
    expect(evaluateWith(icmpMatch, '! --icmp-type any', { pkt: ping }, ICMP).matched).toBe(false);
  });

  it('! echo-request matches an echo reply', () => {
    expect(evaluateWith(icmpMatch, '! --icmp-type 8', { pkt: { ...ping, icmpType: 0 } }, ICMP).matched).toBe(true);
  });
});
