import { describe, expect, it } from 'vitest';
import { quotaMatch } from './quota.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';

describe('quota', () => {
  it('saves the byte count, negated or not', () => {
    expect(saved(quotaMatch, '--quota 1000')).toBe('--quota 1000');
    expect(saved(quotaMatch, '! --quota 0x10')).toBe('! --quota 16');
  });

  it('refuses a missing or negative quota', () => {
    expect(parseWith(quotaMatch, '').ok).toBe(false);
    expect(parseWith(quotaMatch, '--quota -1').ok).toBe(false);
  });

  it('matches until the packets it let through have used the quota', () => {
    const store = new Map<string, unknown>();
    const send = () => evaluateWith(quotaMatch, '--quota 150', { store, pkt: { length: 60 } }).matched;
    expect([send(), send(), send()]).toEqual([true, true, false]);
  });

  it('! --quota matches once the quota is spent', () => {
    const store = new Map<string, unknown>();
    const send = () => evaluateWith(quotaMatch, '! --quota 100', { store, pkt: { length: 60 } }).matched;
    expect([send(), send()]).toEqual([false, true]);
  });
});
