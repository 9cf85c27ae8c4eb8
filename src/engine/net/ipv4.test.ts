import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIPv4, parseIPv4 } from './ipv4.ts';

/** The definition the fast parser must agree with: four dot-separated decimal octets, 0-255, no leading zeros. */
function reference(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/.test(part)) return undefined;
    value = value * 256 + Number(part);
  }
  return value >>> 0;
}

describe('parseIPv4', () => {
  it('reads dotted quads and refuses near misses', () => {
    expect(parseIPv4('10.96.0.10')).toBe(((10 << 24) | (96 << 16) | 10) >>> 0);
    expect(parseIPv4('255.255.255.255')).toBe(0xffffffff);
    expect(parseIPv4('0.0.0.0')).toBe(0);
    for (const bad of [
      '256.0.0.1',
      '01.2.3.4',
      '1.2.3',
      '1.2.3.4.5',
      '1.2.3.4 ',
      '1..2.3',
      '1.2.3.',
      '1.2.3.4/8',
      '',
      'a.b.c.d',
    ])
      expect(parseIPv4(bad), bad).toBeUndefined();
  });

  it('agrees with the split-and-match definition on any text made of digits and dots', () => {
    const chars = fc.constantFrom('0', '1', '2', '5', '9', '.', '.', '3', 'x');
    fc.assert(fc.property(fc.string({ unit: chars, maxLength: 17 }), (s) => parseIPv4(s) === reference(s)));
  });

  it('reads back every address it formats', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), (a) => parseIPv4(formatIPv4(a)) === a));
  });
});
