import { describe, expect, it } from 'vitest';
import { connlimitMatch } from './connlimit.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';
import { ip, testConn, testPacket } from './util/testContext.ts';

describe('connlimit (libxt_connlimit.t)', () => {
  it.each([
    ['--connlimit-above 10', '--connlimit-above 10 --connlimit-mask 32 --connlimit-saddr'],
    [
      '--connlimit-upto 3 --connlimit-mask 24 --connlimit-daddr',
      '--connlimit-upto 3 --connlimit-mask 24 --connlimit-daddr',
    ],
    ['! --connlimit-upto 3', '--connlimit-above 3 --connlimit-mask 32 --connlimit-saddr'],
  ])('%s saves as "%s"', (text, want) => {
    expect(saved(connlimitMatch, text)).toBe(want);
  });

  it.each([
    '--connlimit-upto -1',
    '--connlimit-above -1',
    '--connlimit-upto 1 --connlimit-above 1',
    '--connlimit-above 10 --connlimit-saddr --connlimit-daddr',
    '',
    '--connlimit-above 1 --connlimit-mask 33',
  ])('refuses "%s"', (text) => {
    expect(parseWith(connlimitMatch, text).ok).toBe(false);
  });

  it('--connlimit-above 2 matches the third connection from one source, and not one from elsewhere', () => {
    const store = new Map<string, unknown>();
    const connect = (src: string, sport: number) => {
      const pkt = testPacket({ src: ip(src), sport });
      const ct = testConn(pkt, { status: new Set(['CONFIRMED']) });
      return evaluateWith(connlimitMatch, '--connlimit-above 2', { store, pkt, ct }).matched;
    };
    expect([connect('192.0.2.1', 1001), connect('192.0.2.1', 1002), connect('192.0.2.1', 1003)]).toEqual([
      false,
      false,
      true,
    ]);
    expect(connect('192.0.2.2', 1001)).toBe(false);
  });

  it('forgets a connection that was never confirmed (its SYN was dropped), as nf_conncount evicts it', () => {
    const store = new Map<string, unknown>();
    const attempt = (sport: number, status: string[]) => {
      const pkt = testPacket({ src: ip('192.0.2.1'), sport });
      const ct = testConn(pkt, { status: new Set(status as 'CONFIRMED'[]) });
      return evaluateWith(connlimitMatch, '--connlimit-above 1', { store, pkt, ct }).matched;
    };
    expect(attempt(1001, ['CONFIRMED'])).toBe(false);
    expect(attempt(1002, [])).toBe(true);
    expect(attempt(1003, [])).toBe(true);
    expect(attempt(1001, ['CONFIRMED'])).toBe(false);
  });

  it('counts a connection once, however many of its packets pass', () => {
    const store = new Map<string, unknown>();
    const pkt = testPacket({ src: ip('192.0.2.1') });
    const ct = testConn(pkt, { state: 'ESTABLISHED' });
    const again = () => evaluateWith(connlimitMatch, '--connlimit-upto 1', { store, pkt, ct }).matched;
    expect([again(), again(), again()]).toEqual([true, true, true]);
  });

  it('--connlimit-mask 24 groups a whole /24; --connlimit-daddr counts per destination', () => {
    const store = new Map<string, unknown>();
    const connect = (src: string, dst: string, text: string) => {
      const pkt = testPacket({ src: ip(src), dst: ip(dst) });
      const ct = testConn(pkt, { status: new Set(['CONFIRMED']) });
      return evaluateWith(connlimitMatch, text, { store, pkt, ct }).matched;
    };
    connect('198.51.100.1', '10.0.1.1', '--connlimit-above 1 --connlimit-mask 24');
    expect(connect('198.51.100.2', '10.0.1.1', '--connlimit-above 1 --connlimit-mask 24')).toBe(true);
  });
});
