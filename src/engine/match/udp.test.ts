import { describe, expect, it } from 'vitest';
import { udpMatch } from './udp.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';

const UDP = { proto: 17 };

describe('udp: parse and canonical save (libxt_udp.t)', () => {
  it.each([
    ['--sport 1024:', '--sport 1024:65535'],
    ['--sport :', ''],
    ['! --dport :', '! --dport 0:65535'],
    ['--sport 4:4', '--sport 4'],
    ['! --sport 65535 --dport 1', '! --sport 65535 --dport 1'],
    ['--dport domain', '--dport 53'],
  ])('%s saves as "%s"', (text, want) => {
    expect(saved(udpMatch, text, UDP)).toBe(want);
  });

  it.each(['--sport 4:3', '--sport -1', '--dport -1', '--sport 65536'])('refuses %s', (text) => {
    expect(parseWith(udpMatch, text, UDP).ok).toBe(false);
  });

  it('refuses -m udp without -p udp', () => {
    expect(parseWith(udpMatch, '--dport 1', { proto: undefined }).ok).toBe(false);
    expect(parseWith(udpMatch, '--dport 1', { proto: 6 }).ok).toBe(false);
  });

  it('resolves udp service names from the udp table (ntp is 123)', () => {
    expect(saved(udpMatch, '--dport ntp', UDP)).toBe('--dport 123');
  });
});

describe('udp: evaluate', () => {
  it('--dport 53 matches a datagram to port 53 only', () => {
    expect(evaluateWith(udpMatch, '--dport 53', { pkt: { proto: 17, dport: 53 } }, UDP).matched).toBe(true);
    expect(evaluateWith(udpMatch, '--dport 53', { pkt: { proto: 17, dport: 54 } }, UDP).matched).toBe(false);
  });

  it('! --sport 1:1023 matches an unprivileged source port', () => {
    expect(evaluateWith(udpMatch, '! --sport 1:1023', { pkt: { proto: 17, sport: 5353 } }, UDP).matched).toBe(true);
  });
});
