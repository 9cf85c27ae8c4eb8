import { describe, expect, it } from 'vitest';
import { nflogTarget } from './nflog.ts';
import { applyWith, evalContext, parseWith, parsed, saved } from './util/testing.ts';

describe('NFLOG: parse and canonical save (libxt_NFLOG.t)', () => {
  const x63 = 'x'.repeat(63);
  it.each([
    ['--nflog-group 1', '--nflog-group 1'],
    ['--nflog-group 65535', '--nflog-group 65535'],
    ['--nflog-group 0', ''],
    ['--nflog-range 1', '--nflog-range 1'],
    ['--nflog-range 4294967295', '--nflog-range 4294967295'],
    ['--nflog-size 0', '--nflog-size 0'],
    ['--nflog-size 4294967295', '--nflog-size 4294967295'],
    [`--nflog-prefix ${x63}`, `--nflog-prefix ${x63}`],
    [`--nflog-prefix ${x63}xx`, `--nflog-prefix ${x63}`],
    ['--nflog-threshold 1', '--nflog-threshold 1'],
    ['--nflog-threshold 65535', '--nflog-threshold 65535'],
    ['', ''],
    [
      '--nflog-threshold 2 --nflog-group 5 --nflog-prefix "nf: "',
      '--nflog-prefix "nf: " --nflog-group 5 --nflog-threshold 2',
    ],
  ])('%s saves as "%s"', (text, want) => {
    expect(saved(nflogTarget, text)).toBe(want);
  });

  it.each([
    '--nflog-group 65536',
    '--nflog-range 4294967296',
    '--nflog-range -1',
    '--nflog-size 4294967296',
    '--nflog-size -1',
    '--nflog-threshold 65536',
    '--nflog-size 1 --nflog-range 1',
    '--nflog-prefix "a\nb"',
  ])('refuses "%s"', (text) => {
    expect(parseWith(nflogTarget, text).ok).toBe(false);
  });

  it('continues the chain, naming the group and prefix (kernel case f41)', () => {
    const { verdict, sentences } = applyWith(
      nflogTarget,
      parsed(nflogTarget, '--nflog-group 5 --nflog-prefix nf'),
      evalContext(),
    );
    expect(verdict).toEqual({ kind: 'continue' });
    expect(sentences[0]).toContain('"nf"');
    expect(sentences[0]).toContain('group 5');
  });
});
