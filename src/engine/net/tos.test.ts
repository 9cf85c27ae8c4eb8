import { describe, expect, it } from 'vitest';
import { saved } from '../match/util/moduleTesting.ts';
import { tosMatch } from '../match/tos.ts';
import { tosTarget } from '../target/tos.ts';
import { saved as savedTarget } from '../target/util/testing.ts';
import { parseTosMask } from './tos.ts';

// libxtables XTTYPE_TOSMASK: a number 0–255 with an optional /mask (bare: 0xff), or an RFC 1349 name (mask 0x3f).
describe('parseTosMask (XTTYPE_TOSMASK)', () => {
  it('reads numbers in C notation, with or without a mask', () => {
    expect(parseTosMask('0x10')).toEqual({ value: 0x10, mask: 0xff });
    expect(parseTosMask('16/0x3f')).toEqual({ value: 0x10, mask: 0x3f });
  });

  it('reads RFC 1349 names in any case, under mask 0x3f', () => {
    expect(parseTosMask('Minimize-Delay')).toEqual({ value: 0x10, mask: 0x3f });
    expect(parseTosMask('NORMAL-SERVICE')).toEqual({ value: 0, mask: 0x3f });
  });

  it('refuses out-of-range numbers, stray text and unknown names', () => {
    for (const text of ['256', '1/256', '1/2/3', '1x', '/5', '', 'minimize'])
      expect(parseTosMask(text)).toBeUndefined();
  });

  it('the tos match and the TOS target accept the same words', () => {
    for (const word of ['0x10', '8/0x0f', 'maximize-throughput']) {
      const { value, mask } = parseTosMask(word)!;
      const want = `0x${value.toString(16).padStart(2, '0')}/0x${mask.toString(16).padStart(2, '0')}`;
      expect(saved(tosMatch, `--tos ${word}`)).toBe(`--tos ${want}`);
      expect(savedTarget(tosTarget, `--set-tos ${word}`)).toBe(`--set-tos ${want}`);
    }
  });
});
