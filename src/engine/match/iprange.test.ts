import { describe, expect, it } from 'vitest';
import { iprangeMatch } from './iprange.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';
import { ip } from './util/testContext.ts';

describe('iprange (libipt_iprange.t, libxt_iprange.t)', () => {
  it.each([
    '--src-range 1.1.1.1-1.1.1.10',
    '! --src-range 1.1.1.1-1.1.1.10',
    '--dst-range 1.1.1.1-1.1.1.10',
    '! --dst-range 1.1.1.1-1.1.1.10',
  ])('%s saves unchanged', (text) => {
    expect(saved(iprangeMatch, text)).toBe(text);
  });

  it('a single address is a range of one', () => {
    expect(saved(iprangeMatch, '--src-range 1.1.1.1')).toBe('--src-range 1.1.1.1-1.1.1.1');
  });

  it('refuses no range at all and a malformed one', () => {
    expect(parseWith(iprangeMatch, '').ok).toBe(false);
    expect(parseWith(iprangeMatch, '--src-range 1.1.1-1.1.1.10').ok).toBe(false);
  });

  it('matches inclusively at both ends', () => {
    const r = (a: string) =>
      evaluateWith(iprangeMatch, '--src-range 10.0.0.5-10.0.0.9', { pkt: { src: ip(a) } }).matched;
    expect([r('10.0.0.4'), r('10.0.0.5'), r('10.0.0.9'), r('10.0.0.10')]).toEqual([false, true, true, false]);
  });

  it('! --dst-range matches outside the range', () => {
    expect(
      evaluateWith(iprangeMatch, '! --dst-range 10.0.0.5-10.0.0.9', { pkt: { dst: ip('10.0.0.1') } }).matched,
    ).toBe(true);
  });
});
