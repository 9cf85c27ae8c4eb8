// The comparison diagram's boxes come from the stops the engine reported, grouped by hook in the order met.
import { describe, expect, it } from 'vitest';
import { hookBoxes } from './hookBoxes.ts';

describe('hookBoxes', () => {
  it('groups consecutive stops of one hook, and keeps a hook met again later as its own box', () => {
    expect(
      hookBoxes(['PREROUTING:conntrack', 'PREROUTING:nat', 'INPUT:filter', 'INPUT:ipvs', 'POSTROUTING:nat']),
    ).toEqual([
      { hook: 'PREROUTING', stops: ['conntrack', 'nat'] },
      { hook: 'INPUT', stops: ['filter', 'ipvs'] },
      { hook: 'POSTROUTING', stops: ['nat'] },
    ]);
    expect(hookBoxes(['OUTPUT:nat', 'POSTROUTING:nat', 'OUTPUT:filter']).map((b) => b.hook)).toEqual([
      'OUTPUT',
      'POSTROUTING',
      'OUTPUT',
    ]);
    expect(hookBoxes([])).toEqual([]);
  });
});
