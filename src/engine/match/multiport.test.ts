import { describe, expect, it } from 'vitest';
import { multiportMatch } from './multiport.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';

const TCP = { proto: 6 };

describe('multiport: parse and save (libxt_multiport.t)', () => {
  it.each([
    [6, '--sports 53,1024:65535'],
    [6, '--dports 53,1024:65535'],
    [17, '--ports 53,1024:65535'],
    [132, '--sports 53,1024:65535'],
    [33, '--dports 53,1024:65535'],
    [136, '--sports 53,1024:65535'],
    [6, '--ports 1,2,3,4,6,7,8,9,10,11,12,13,14,15'],
    [6, '! --dports 80,443'],
  ])('with protocol %i, %s saves unchanged', (proto, text) => {
    expect(saved(multiportMatch, text, { proto })).toBe(text);
  });

  it('resolves service names and saves numbers', () => {
    expect(saved(multiportMatch, '--destination-ports http,https', TCP)).toBe('--dports 80,443');
  });

  it.each([
    [6, '--sports 1024:65536'],
    [17, '--sports 1024:65536'],
    [6, '--ports 1024:65536'],
    [6, '--ports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16'],
    [6, '--ports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15:16'],
    [6, '--ports 10:10'],
    [6, '--sports 1 --dports 2'],
    [6, ''],
  ])('with protocol %i, refuses "%s"', (proto, text) => {
    expect(parseWith(multiportMatch, text, { proto }).ok).toBe(false);
  });

  it('refuses a missing, inverted or portless protocol', () => {
    expect(parseWith(multiportMatch, '--dports 80', {}).ok).toBe(false);
    expect(parseWith(multiportMatch, '--dports 80', { proto: 1 }).ok).toBe(false);
    expect(parseWith(multiportMatch, '--dports 80', { proto: undefined, protoNegated: true }).ok).toBe(false);
  });
});

describe('multiport: evaluate', () => {
  it('--dports 22,80,443 matches each listed destination port and no other', () => {
    for (const [dport, want] of [
      [22, true],
      [80, true],
      [443, true],
      [8080, false],
    ] as const)
      expect(evaluateWith(multiportMatch, '--dports 22,80,443', { pkt: { dport } }, TCP).matched).toBe(want);
  });

  it('a range in the list is inclusive', () => {
    expect(evaluateWith(multiportMatch, '--dports 53,1024:2048', { pkt: { dport: 2048 } }, TCP).matched).toBe(true);
  });

  it('--ports matches on either side', () => {
    expect(evaluateWith(multiportMatch, '--ports 53', { pkt: { sport: 53, dport: 40000 } }, TCP).matched).toBe(true);
    expect(evaluateWith(multiportMatch, '--sports 53', { pkt: { sport: 40000, dport: 53 } }, TCP).matched).toBe(false);
  });

  it('! inverts the list', () => {
    expect(evaluateWith(multiportMatch, '! --dports 22,80', { pkt: { dport: 25 } }, TCP).matched).toBe(true);
  });
});

describe('multiport: 15 slots, a range takes two', () => {
  it('accepts 13 ports and a range (15 slots)', () => {
    expect(parseWith(multiportMatch, '--ports 1,2,3,4,5,6,7,8,9,10,11,12,13,14:15', TCP).ok).toBe(true);
  });
});
