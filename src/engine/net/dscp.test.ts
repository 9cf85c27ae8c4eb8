import { describe, expect, it } from 'vitest';
import { dscpMatch } from '../match/dscp.ts';
import { parseWith, saved } from '../match/util/moduleTesting.ts';
import { dscpTarget } from '../target/dscp.ts';
import { saved as savedTarget } from '../target/util/testing.ts';
import { dscpOfClass } from './dscp.ts';

// iptables extensions/dscp_helper.c class_to_dscp, shared by libxt_dscp.c and libxt_DSCP.c: the first class in
// table order whose name starts the word, compared with strncasecmp.
describe('dscpOfClass (dscp_helper.c class_to_dscp)', () => {
  it('reads class names in any case', () => {
    expect(dscpOfClass('EF')).toBe(0x2e);
    expect(dscpOfClass('af21')).toBe(0x12);
    expect(dscpOfClass('be')).toBe(0);
  });

  it('accepts a word that only starts with a class name, taking the first in table order', () => {
    expect(dscpOfClass('CS10')).toBe(0x08);
    expect(dscpOfClass('ef-voice')).toBe(0x2e);
  });

  it('refuses a word no class starts', () => {
    expect(dscpOfClass('XX9')).toBeUndefined();
    expect(dscpOfClass('AF')).toBeUndefined();
    expect(dscpOfClass('')).toBeUndefined();
  });

  it('the dscp match and the DSCP target read a class the same way', () => {
    for (const word of ['cs10', 'Af43', 'ef']) {
      const want = `0x${dscpOfClass(word)!.toString(16).padStart(2, '0')}`;
      expect(saved(dscpMatch, `--dscp-class ${word}`)).toBe(`--dscp ${want}`);
      expect(savedTarget(dscpTarget, `--set-dscp-class ${word}`)).toBe(`--set-dscp ${want}`);
    }
    expect(parseWith(dscpMatch, '--dscp-class XX9').ok).toBe(false);
  });
});
