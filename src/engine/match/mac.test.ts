import { describe, expect, it } from 'vitest';
import { macMatch } from './mac.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';

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
