import { describe, expect, it } from 'vitest';
import { iprangeMatch } from './iprange.ts';
import { macMatch } from './mac.ts';
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

describe('mac (libxt_mac.t)', () => {
  it('saves lowercase, as xtables_print_mac does', () => {
    expect(saved(macMatch, '--mac-source 42:01:02:03:04:05', { chain: 'INPUT' })).toBe(
      '--mac-source 42:01:02:03:04:05',
    );
    expect(saved(macMatch, '! --mac-source AA:BB:CC:DD:EE:0F', { chain: 'FORWARD' })).toBe(
      '! --mac-source aa:bb:cc:dd:ee:0f',
    );
  });

  it.each(['--mac-source 42:01:02:03:04', '--mac-source 42:01:02:03:04:05:06', ''])('refuses "%s"', (text) => {
    expect(parseWith(macMatch, text).ok).toBe(false);
  });

  it('is refused in OUTPUT (kernel: PREROUTING, INPUT, FORWARD only)', () => {
    expect(parseWith(macMatch, '--mac-source 42:01:02:03:04:05', { chain: 'OUTPUT' }).ok).toBe(false);
  });

  it('compares the Ethernet source; a packet without one never matches', () => {
    const text = '--mac-source 42:01:02:03:04:05';
    expect(evaluateWith(macMatch, text, { pkt: { srcMac: '42:01:02:03:04:05' } }).matched).toBe(true);
    expect(evaluateWith(macMatch, text, { pkt: { srcMac: '42:01:02:03:04:06' } }).matched).toBe(false);
    expect(evaluateWith(macMatch, `! ${text}`, { pkt: {} }).matched).toBe(false);
  });
});
