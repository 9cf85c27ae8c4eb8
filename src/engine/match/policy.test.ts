import { describe, expect, it } from 'vitest';
import { policyMatch } from './policy.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';

describe('policy (libxt_policy.t)', () => {
  it.each([
    '--dir in --pol ipsec',
    '--dir in --pol ipsec --proto ipcomp',
    '--dir in --pol ipsec --strict --reqid 1 --spi 0x1 --proto ipcomp',
    '--dir in --pol none',
    '--dir in --pol ipsec --strict --mode tunnel --tunnel-dst 10.0.0.0/8 --next --proto esp',
  ])('%s saves unchanged', (text) => {
    expect(saved(policyMatch, text)).toBe(text);
  });

  it.each([
    '--dir in --pol ipsec --strict',
    '--pol ipsec',
    '--dir in --pol none --strict',
    '--dir in --pol ipsec --proto tcp',
    '--dir in --pol ipsec --mode transport --tunnel-src 1.2.3.4',
    '--dir in --pol ipsec --next',
  ])('refuses "%s"', (text) => {
    expect(parseWith(policyMatch, text).ok).toBe(false);
  });

  it('--dir out is refused in INPUT (no encapsulation on the way in)', () => {
    expect(parseWith(policyMatch, '--dir out --pol none', { chain: 'INPUT' }).ok).toBe(false);
    expect(parseWith(policyMatch, '--dir out --pol none', { chain: 'OUTPUT' }).ok).toBe(true);
  });

  it('without IPsec in the lab, --pol none matches and --pol ipsec does not', () => {
    expect(evaluateWith(policyMatch, '--dir in --pol none').matched).toBe(true);
    expect(evaluateWith(policyMatch, '--dir in --pol ipsec').matched).toBe(false);
  });
});
