import { describe, expect, it } from 'vitest';
import type { HostQuery } from '../ext/types.ts';
import { parseIpsets } from '../host/ipset.ts';
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
});

describe('SET: adds and deletes the packet element in the host sets (xt_set.c set_target_v3)', () => {
  function hostWith(ipsetSave: string): HostQuery {
    const { sets } = parseIpsets(ipsetSave);
    return { addrTypes: () => new Set(), ipset: (name) => sets.get(name), primaryAddress: () => undefined };
  }
  const SAVE = [
    'create blocked hash:ip family inet',
    'create svc hash:ip,port family inet',
    'add svc 10.0.1.1,tcp:22',
  ].join('\n');

  it('--add-set src puts the source address in the set, once', () => {
    const host = hostWith(SAVE);
    const ctx = evalContext({ host });
    const data = parsed(setTarget, '--add-set blocked src', SETS);
    const first = applyWith(setTarget, data, ctx);
    expect(first.verdict).toEqual({ kind: 'continue' });
    expect(first.sentences[0]).toBe('SET adds 10.0.1.2 to the set blocked; later packets of this trace find it there.');
    expect(host.ipset('blocked')?.has([0x0a000102])).toBe(true);
    expect(applyWith(setTarget, data, ctx).sentences[0]).toContain('already in the set blocked');
  });

  it('--del-set dst,dst removes an address and port element, and says when it is not there', () => {
    const host = hostWith(SAVE);
    const ctx = evalContext({ host });
    const data = parsed(setTarget, '--del-set svc dst,dst', { ipsets: new Set(['svc']) });
    expect(applyWith(setTarget, data, ctx).sentences[0]).toContain('deletes 10.0.1.1,tcp:22 from the set svc');
    expect(host.ipset('svc')?.has([0x0a000101, 'tcp:22'])).toBe(false);
    expect(applyWith(setTarget, data, ctx).sentences[0]).toContain('is not in the set svc');
  });

  it('changes nothing when the rule gives fewer flags than the set has dimensions', () => {
    const host = hostWith(SAVE);
    const data = parsed(setTarget, '--add-set svc src', { ipsets: new Set(['svc']) });
    expect(applyWith(setTarget, data, evalContext({ host })).sentences[0]).toContain('more dimensions');
  });

  it('changes nothing when the set is not in the lab', () => {
    const data = parsed(setTarget, '--add-set blocked src');
    expect(applyWith(setTarget, data, evalContext()).sentences[0]).toContain('no set blocked');
  });

  it('--map-set is explained but not simulated', () => {
    const data = parsed(setTarget, '--map-set seen dst --map-mark', { ...SETS, table: 'mangle' });
    const { sentences } = applyWith(setTarget, data, evalContext({ host: hostWith(SAVE) }));
    expect(sentences[1]).toContain('keeps no mark');
  });
});
