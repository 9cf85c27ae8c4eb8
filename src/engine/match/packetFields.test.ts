// length, ttl, tos, dscp: tests on IP header fields.
import { describe, expect, it } from 'vitest';
import { dscpMatch } from './dscp.ts';
import { lengthMatch } from './length.ts';
import { tosMatch } from './tos.ts';
import { ttlMatch } from './ttl.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';

describe('length (libxt_length.t)', () => {
  it.each([
    ['--length 1', '--length 1'],
    ['--length :2', '--length 0:2'],
    ['--length 4:', '--length 4:65535'],
    ['--length :', '--length 0:65535'],
    ['! --length 0:65535', '! --length 0:65535'],
    ['--length 4:4', '--length 4'],
  ])('%s saves as "%s"', (text, want) => {
    expect(saved(lengthMatch, text)).toBe(want);
  });

  it.each(['--length 0:65536', '--length -1:65535', '--length 4:3', ''])('refuses "%s"', (text) => {
    expect(parseWith(lengthMatch, text).ok).toBe(false);
  });

  it('matches the total IP length inclusively', () => {
    expect(evaluateWith(lengthMatch, '--length 0:60', { pkt: { length: 60 } }).matched).toBe(true);
    expect(evaluateWith(lengthMatch, '--length 0:60', { pkt: { length: 61 } }).matched).toBe(false);
    expect(evaluateWith(lengthMatch, '! --length 0:60', { pkt: { length: 1500 } }).matched).toBe(true);
  });
});

describe('ttl (libipt_ttl.t)', () => {
  it.each(['--ttl-eq 0', '--ttl-eq 255', '! --ttl-eq 0', '--ttl-gt 0', '--ttl-lt 5'])('%s saves unchanged', (text) => {
    expect(saved(ttlMatch, text)).toBe(text);
  });

  it.each(['--ttl-eq 256', '--ttl-eq -1', '', '--ttl-eq 1 --ttl-gt 2', '! --ttl-lt 3'])('refuses "%s"', (text) => {
    expect(parseWith(ttlMatch, text).ok).toBe(false);
  });

  it('eq, ne, lt and gt compare the packet TTL', () => {
    const ttl = (text: string, value: number) => evaluateWith(ttlMatch, text, { pkt: { ttl: value } }).matched;
    expect([ttl('--ttl-eq 64', 64), ttl('! --ttl-eq 64', 64), ttl('--ttl-lt 10', 9), ttl('--ttl-gt 10', 10)]).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });
});

describe('tos (libxt_tos.t)', () => {
  it.each([
    ['--tos Minimize-Delay', '--tos 0x10/0x3f'],
    ['--tos Maximize-Throughput', '--tos 0x08/0x3f'],
    ['--tos Maximize-Reliability', '--tos 0x04/0x3f'],
    ['--tos Minimize-Cost', '--tos 0x02/0x3f'],
    ['--tos Normal-Service', '--tos 0x00/0x3f'],
    ['--tos 0xff', '--tos 0xff/0xff'],
    ['! --tos 0xff', '! --tos 0xff/0xff'],
    ['--tos 0x00', '--tos 0x00/0xff'],
    ['--tos 0x0f/0x0f', '--tos 0x0f/0x0f'],
  ])('%s saves as "%s"', (text, want) => {
    expect(saved(tosMatch, text)).toBe(want);
  });

  it.each(['--tos wrong', '', '--tos 0x100'])('refuses "%s"', (text) => {
    expect(parseWith(tosMatch, text).ok).toBe(false);
  });

  it('a name uses mask 0x3f, so the two top precedence bits do not matter; a bare number compares all 8 bits', () => {
    expect(evaluateWith(tosMatch, '--tos Minimize-Delay', { pkt: { tos: 0x10 | 0xc0 } }).matched).toBe(true);
    expect(evaluateWith(tosMatch, '--tos Minimize-Delay', { pkt: { tos: 0x11 } }).matched).toBe(false);
    expect(evaluateWith(tosMatch, '--tos 0x10', { pkt: { tos: 0x10 | 0xc0 } }).matched).toBe(false);
  });
});

describe('dscp (libxt_dscp.t)', () => {
  it.each([
    ['--dscp 0x00', '--dscp 0x00'],
    ['--dscp 0x3f', '--dscp 0x3f'],
    ['--dscp-class CS0', '--dscp 0x00'],
    ['--dscp-class BE', '--dscp 0x00'],
    ['--dscp-class EF', '--dscp 0x2e'],
    ['! --dscp 46', '! --dscp 0x2e'],
  ])('%s saves as "%s"', (text, want) => {
    expect(saved(dscpMatch, text)).toBe(want);
  });

  it.each(['--dscp -1', '--dscp 0x40', '--dscp 0x3f --dscp-class CS0', '', '--dscp-class XX9'])(
    'refuses "%s"',
    (text) => {
      expect(parseWith(dscpMatch, text).ok).toBe(false);
    },
  );

  it('compares the DSCP bits, the TOS byte shifted right by two (EF is TOS 0xb8)', () => {
    expect(evaluateWith(dscpMatch, '--dscp-class EF', { pkt: { tos: 0xb8 } }).matched).toBe(true);
    expect(evaluateWith(dscpMatch, '--dscp-class EF', { pkt: { tos: 0 } }).matched).toBe(false);
  });
});
