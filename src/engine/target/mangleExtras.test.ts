import { describe, expect, it } from 'vitest';
import { checksumTarget } from './checksum.ts';
import { classifyTarget } from './classify.ts';
import { applyWith, evalContext, parseWith, parsed, saved } from './util/testing.ts';

const MANGLE = { table: 'mangle', chain: 'POSTROUTING' } as const;

describe('CHECKSUM (xt_CHECKSUM.c: mangle only, --checksum-fill required)', () => {
  it('saves --checksum-fill and continues', () => {
    expect(saved(checksumTarget, '--checksum-fill', MANGLE)).toBe('--checksum-fill');
    expect(applyWith(checksumTarget, null, evalContext()).verdict).toEqual({ kind: 'continue' });
    expect(checksumTarget.tables).toEqual(['mangle']);
  });

  it('refuses a rule without --checksum-fill', () => {
    expect(parseWith(checksumTarget, '', MANGLE).ok).toBe(false);
  });
});

describe('CLASSIFY (xt_CLASSIFY.c: from OUTPUT, FORWARD and POSTROUTING; libxt_CLASSIFY sscanf %x:%x)', () => {
  it.each([
    ['--set-class 1:10', '--set-class 0001:0010'],
    ['--set-class 0x1:0xA', '--set-class 0001:000a'],
    ['--set-class 1:FFFF', '--set-class 0001:ffff'],
    // TC_H_MAKE keeps 16 bits of each half; sscanf ignores what follows the second number.
    ['--set-class 1:10000', '--set-class 0001:0000'],
    ['--set-class 1:2:3', '--set-class 0001:0002'],
  ])('%s saves as "%s"', (text, want) => {
    expect(saved(classifyTarget, text, MANGLE)).toBe(want);
  });

  it.each(['', '--set-class 1', '--set-class x:1', '--set-class :1'])('refuses "%s"', (text) => {
    expect(parseWith(classifyTarget, text, MANGLE).ok).toBe(false);
  });

  it('is allowed where the kernel registers it, in any table, and continues', () => {
    expect(classifyTarget.tables).toBeUndefined();
    expect(classifyTarget.hooks).toEqual(['FORWARD', 'OUTPUT', 'POSTROUTING']);
    const { verdict, sentences } = applyWith(
      classifyTarget,
      parsed(classifyTarget, '--set-class 1:10', MANGLE),
      evalContext(),
    );
    expect(verdict).toEqual({ kind: 'continue' });
    expect(sentences[0]).toContain('class 0001:0010');
  });
});
