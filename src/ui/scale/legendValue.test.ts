import { describe, expect, it } from 'vitest';
import { legendIndex, legendValue } from './legendValue.ts';

const format = (v: number) => `#${v}`;

describe('chart legend values', () => {
  it('read the point under the cursor, and the largest size measured while there is no cursor', () => {
    expect(legendIndex(1, 3)).toBe(1);
    expect(legendIndex(null, 3)).toBe(2);
    expect(legendIndex(undefined, 3)).toBe(2);
    expect(legendValue([10, 50, 200], 0, format, 'none')).toBe('#10');
    expect(legendValue([10, 50, 200], null, format, 'none')).toBe('#200');
  });

  it('say in words that a series has no figure at that size, never "--"', () => {
    expect(legendValue([3, null], null, format, 'no figure')).toBe('no figure');
    expect(legendValue([null, 4], 0, format, 'no figure')).toBe('no figure');
    expect(legendValue([], null, format, 'no figure')).toBe('no figure');
  });
});
