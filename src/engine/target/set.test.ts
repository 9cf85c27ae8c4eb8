import { describe, expect, it } from 'vitest';
import { setTarget } from './set.ts';
import { applyWith, evalContext, parseWith, parsed, saved } from './util/testing.ts';

const SETS = { ipsets: new Set(['blocked', 'seen']) };

describe('SET: parse and canonical save', () => {
  it.each([
    ['--add-set blocked src', '--add-set blocked src'],
    ['--add-set blocked src,dst --exist --timeout 60', '--add-set blocked src,dst --exist --timeout 60'],
    ['--timeout 60 --add-set blocked src', '--add-set blocked src --timeout 60'],
    // libxt_SET prints --exist and --timeout right after --add-set, before --del-set.
    ['--del-set seen dst --exist --add-set blocked src', '--add-set blocked src --exist --del-set seen dst'],
    ['--del-set seen dst', '--del-set seen dst'],
    // libxt_set compares only the first three characters of each flag.
    ['--add-set blocked srcip,dstport', '--add-set blocked src,dst'],
  ])('%s saves as "%s"', (text, want) => {
    expect(saved(setTarget, text, SETS)).toBe(want);
  });

  it.each([
    ['--add-set foo src,dst', 'does not exist'],
    ['', 'needs one of'],
    ['--add-set blocked up', 'src or dst'],
    ['--add-set blocked src,src,src,src,src,src,src', 'src or dst'],
    ['--del-set seen src --exist', 'only goes with --add-set'],
    ['--add-set blocked src --timeout 4294967295', 'from 0 to 4294967294'],
    ['--add-set blocked src --map-mark', 'only goes with --map-set'],
    ['--map-set seen src --map-mark', 'only works in the mangle table'],
  ])('refuses "%s" when the ipsets are known (libxt_SET.t: foo does not exist)', (text, why) => {
    const result = parseWith(setTarget, text, SETS);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(why);
  });

  it('maps skbinfo from a set in the mangle table; --map-prio/--map-queue only from FORWARD, OUTPUT, POSTROUTING', () => {
    const mangle = { ...SETS, table: 'mangle' } as const;
    expect(saved(setTarget, '--map-queue --map-set seen dst --map-mark', mangle)).toBe(
      '--map-set seen dst --map-mark --map-queue',
    );
    expect(setTarget.hooksFor?.(parsed(setTarget, '--map-set seen dst --map-prio', mangle))).toEqual([
      'FORWARD',
      'OUTPUT',
      'POSTROUTING',
    ]);
    expect(setTarget.hooksFor?.(parsed(setTarget, '--map-set seen dst --map-mark', mangle))).toBeUndefined();
  });

  it('accepts any set name when the parser does not know the ipsets', () => {
    expect(parseWith(setTarget, '--add-set foo src,dst').ok).toBe(true);
  });

  it('continues and says that the lab does not change the set', () => {
    const { verdict, sentences } = applyWith(
      setTarget,
      parsed(setTarget, '--add-set blocked src', SETS),
      evalContext(),
    );
    expect(verdict).toEqual({ kind: 'continue' });
    expect(sentences).toHaveLength(2);
    expect(sentences[1]).toContain('does not change sets');
  });
});
