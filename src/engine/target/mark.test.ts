import { describe, expect, it } from 'vitest';
import { markTarget, xmark } from './mark.ts';
import { applyWith, evalContext, packet, parseWith, parsed, saved } from './util/testing.ts';

describe('MARK: parse and canonical save (libxt_MARK.t: every form saves as --set-xmark value/mask)', () => {
  it.each([
    ['--set-xmark 0xfeedcafe/0xfeedcafe', '--set-xmark 0xfeedcafe/0xfeedcafe'],
    ['--set-xmark 0x0', '--set-xmark 0x0/0xffffffff'],
    ['--set-xmark 4294967295', '--set-xmark 0xffffffff/0xffffffff'],
    // libxt_MARK: --set-mark v/m zeroes the bits of m then ORs v, i.e. xmark v/(v|m).
    ['--set-mark 0x5/0xf', '--set-xmark 0x5/0xf'],
    ['--set-mark 0x10/0x1', '--set-xmark 0x10/0x11'],
    ['--set-mark 7', '--set-xmark 0x7/0xffffffff'],
    ['--and-mark 0xff0', '--set-xmark 0x0/0xfffff00f'],
    ['--or-mark 0x1', '--set-xmark 0x1/0x1'],
    ['--xor-mark 0x10', '--set-xmark 0x10/0x0'],
    ['--set-xmark 010', '--set-xmark 0x8/0xffffffff'],
  ])('%s saves as "%s"', (text, want) => {
    expect(saved(markTarget, text)).toBe(want);
  });

  it.each([
    ['', 'needs one of'],
    ['--set-xmark 4294967296', '32-bit'],
    ['--set-xmark -1', '32-bit'],
    ['--set-xmark 0x1/0x1/0x1', '32-bit'],
    ['--or-mark 0x1/0x1', '32-bit'],
    ['--set-mark 1 --or-mark 2', 'cannot be used together'],
    ['--set-mark 1 --set-mark 2', 'only once'],
    ['--mask 1', 'has no option'],
  ])('refuses "%s"', (text, why) => {
    const result = parseWith(markTarget, text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(why);
  });

  it('points at the offending option', () => {
    const result = parseWith(markTarget, '--set-mark 1 --or-mark 2');
    expect(!result.ok && result.option?.name).toBe('--or-mark');
  });
});

describe('MARK: the kernel updates the mark as (mark & ~mask) ^ value (xt_mark.c mark_tg)', () => {
  const run = (text: string, mark: number) => {
    const ctx = evalContext({ pkt: packet({ mark }) });
    const { verdict, sentences } = applyWith(markTarget, parsed(markTarget, text), ctx);
    return { mark: ctx.pkt.mark, verdict, sentences };
  };

  it('replays the f19 kernel case: 0xabc/0xfff, and 0xff0, or 0x1, xor 0x10 gives 0xaa1', () => {
    let mark = run('--set-xmark 0xabc/0xfff', 0).mark;
    mark = run('--and-mark 0xff0', mark).mark;
    mark = run('--or-mark 0x1', mark).mark;
    mark = run('--xor-mark 0x10', mark).mark;
    expect(mark).toBe(0xaa1);
  });

  it('--set-mark 0x5/0xf replaces only the low nibble', () => {
    expect(run('--set-mark 0x5/0xf', 0x12345678).mark).toBe(0x12345675);
  });

  it('--set-xmark flips value bits that the mask keeps', () => {
    expect(run('--set-xmark 0x1/0x0', 0x3).mark).toBe(0x2);
  });

  it('keeps the mark unsigned when the top bit is set', () => {
    expect(run('--set-xmark 0x80000000', 0).mark).toBe(0x80000000);
  });

  it('continues the chain and says what changed', () => {
    const { verdict, sentences } = run('--set-mark 0x7', 0);
    expect(verdict).toEqual({ kind: 'continue' });
    expect(sentences[0]).toContain('from 0x0 to 0x7');
  });
});

describe('MARK arithmetic stays unsigned 32-bit for every bit pattern', () => {
  /** A fixed pseudo-random sequence (xorshift32), so the test is the same on every run. */
  function* words(seed: number, count: number): Generator<number> {
    let x = seed >>> 0;
    for (let i = 0; i < count; i++) {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      yield x;
    }
  }

  it('matches (mark & ~mask) ^ value computed with 64-bit integers', () => {
    const all = [...words(0x9e3779b9, 600)];
    for (let i = 0; i + 2 < all.length; i += 3) {
      const [mark = 0, mask = 0, value = 0] = all.slice(i, i + 3);
      const want = Number((BigInt(mark) & ~BigInt(mask) & 0xffffffffn) ^ BigInt(value));
      expect(xmark(mark, { value, mask })).toBe(want);
    }
  });
});
