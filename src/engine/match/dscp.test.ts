import { describe, expect, it } from 'vitest';
import { dscpMatch } from './dscp.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';

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
