import { describe, expect, it } from 'vitest';
import { tosMatch } from './tos.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';

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
