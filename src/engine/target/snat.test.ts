import { describe, expect, it } from 'vitest';
import { snatTarget } from './snat.ts';
import { applyWith, evalContext, parseWith, parsed, saved } from './util/testing.ts';

const TCP = { table: 'nat', chain: 'POSTROUTING', proto: 6 } as const;
const NONE = { table: 'nat', chain: 'POSTROUTING' } as const;

describe('SNAT: parse and canonical save (libipt_SNAT.t)', () => {
  it.each([
    ['--to-source 1.1.1.1', NONE, '--to-source 1.1.1.1'],
    ['--to-source 1.1.1.1-1.1.1.10', NONE, '--to-source 1.1.1.1-1.1.1.10'],
    ['--to-source 1.1.1.1 --random', NONE, '--to-source 1.1.1.1 --random'],
    ['--to-source 1.1.1.1 --random-fully', NONE, '--to-source 1.1.1.1 --random-fully'],
    ['--to-source 1.1.1.1 --persistent', NONE, '--to-source 1.1.1.1 --persistent'],
    [
      '--to-source 1.1.1.1 --persistent --random-fully --random',
      NONE,
      '--to-source 1.1.1.1 --random --random-fully --persistent',
    ],
    ['--to-source 1.1.1.1:1025-65535', TCP, '--to-source 1.1.1.1:1025-65535'],
    ['--to-source 1.1.1.1-1.1.1.10:1025-65535', TCP, '--to-source 1.1.1.1-1.1.1.10:1025-65535'],
    // libxt_NAT keeps the offset flag but SNAT's compat structure has no base port: iptables-save prints /0.
    ['--to-source 1.1.1.1:1000-2000/3000', TCP, '--to-source 1.1.1.1:1000-2000/0'],
  ])('%s saves as "%s"', (text, ctx, want) => {
    expect(saved(snatTarget, text, ctx)).toBe(want);
  });

  it.each([
    ['', NONE],
    ['--to-source 1.1.1.1:1025-65535', NONE],
    ['--to-source 1.1.1.1 --to-source 2.2.2.2', NONE],
    ['--to-source 1.1.1.1-1.1.1.10:1025-65536', TCP],
  ])('refuses "%s"', (text, ctx) => {
    expect(parseWith(snatTarget, text, ctx).ok).toBe(false);
  });

  it('lives in nat POSTROUTING and INPUT only', () => {
    expect(snatTarget.tables).toEqual(['nat']);
    expect(snatTarget.hooks).toEqual(['POSTROUTING', 'INPUT']);
  });

  it('asks the tracer to NAT the source, with its flags', () => {
    const data = parsed(snatTarget, '--to-source 192.0.2.1 --random-fully', NONE);
    const { verdict, sentences } = applyWith(snatTarget, data, evalContext({ hook: 'POSTROUTING', table: 'nat' }));
    expect(verdict).toEqual({
      kind: 'nat',
      nat: {
        kind: 'snat',
        range: { minAddr: 0xc0000201, maxAddr: 0xc0000201 },
        random: false,
        randomFully: true,
        persistent: false,
      },
    });
    expect(sentences).toHaveLength(2);
    expect(sentences[1]).toContain('--random-fully');
  });
});
