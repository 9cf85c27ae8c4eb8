import { describe, expect, it } from 'vitest';
import { ctTarget } from './ct.ts';
import { notrackTarget } from './notrack.ts';
import { traceTarget } from './trace.ts';
import { applyWith, evalContext, packet, parseWith, parsed, saved } from './util/testing.ts';

const RAW = { table: 'raw', chain: 'PREROUTING' } as const;

describe('CT: parse and canonical save (libxt_CT.t)', () => {
  it.each([
    ['--notrack', RAW, '--notrack'],
    [
      '--ctevents new,related,destroy,reply,assured,protoinfo,helper,mark',
      RAW,
      '--ctevents new,related,destroy,reply,assured,protoinfo,helper,mark',
    ],
    ['--ctevents mark,new', RAW, '--ctevents new,mark'],
    ['--expevents new', RAW, '--expevents new'],
    ['--zone 65535', RAW, '--zone 65535'],
    // iptables prints nothing for the default zone (the .t file notes `--zone 0` is not found back).
    ['--zone 0', RAW, ''],
    ['--zone mark', RAW, '--zone mark'],
    ['--zone 1 --helper ftp', { ...RAW, proto: 6 }, '--helper ftp --zone 1'],
    ['--zone MARK', RAW, '--zone mark'],
    ['--zone-orig 5', RAW, '--zone-orig 5'],
    ['--zone-reply mark', RAW, '--zone-reply mark'],
    ['--zone-orig 0', RAW, ''],
  ])('%s saves as "%s"', (text, ctx, want) => {
    expect(saved(ctTarget, text, ctx)).toBe(want);
  });

  it.each([
    ['--zone 65536', RAW, 'zone number from 0 to 65535'],
    ['--zone -1', RAW, 'zone number from 0 to 65535'],
    ['--ctevents new,bogus', RAW, 'unknown event'],
    ['--helper nosuch', { ...RAW, proto: 6 }, 'no conntrack helper'],
    ['--helper ftp', RAW, 'needs the rule to match'],
    ['--helper tftp', { ...RAW, proto: 6 }, 'needs the rule to match'],
    ['--timeout test', RAW, 'no conntrack timeout policy'],
    // libxt_CT: --notrack excludes every other option.
    ['--notrack --zone 1', RAW, 'cannot be used together'],
    ['--ctevents new --notrack', RAW, 'cannot be used together'],
    ['--zone-orig x', RAW, 'zone number'],
  ])('refuses "%s"', (text, ctx, why) => {
    const result = parseWith(ctTarget, text, ctx);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(why);
  });

  it('is a raw-table target that switches conntrack on', () => {
    expect(ctTarget.tables).toEqual(['raw']);
    expect(ctTarget.needsConntrack).toBe(true);
  });
});

describe('CT: verdicts', () => {
  it('--notrack makes the packet untracked', () => {
    const { verdict } = applyWith(ctTarget, parsed(ctTarget, '--notrack', RAW), evalContext({ hook: 'PREROUTING' }));
    expect(verdict).toEqual({ kind: 'notrack' });
  });

  it('--zone gives the connection a zone', () => {
    const { verdict, sentences } = applyWith(ctTarget, parsed(ctTarget, '--zone 7', RAW), evalContext());
    expect(verdict).toEqual({ kind: 'ct-template', zone: 7 });
    expect(sentences[0]).toContain('zone 7');
  });

  it('--zone mark takes the zone from the low 16 bits of the packet mark', () => {
    const ctx = evalContext({ pkt: packet({ mark: 0x12345 }) });
    const { verdict } = applyWith(ctTarget, parsed(ctTarget, '--zone mark', RAW), ctx);
    expect(verdict).toEqual({ kind: 'ct-template', zone: 0x2345 });
  });

  it('--zone-orig says the zone holds for the original direction', () => {
    const { sentences } = applyWith(ctTarget, parsed(ctTarget, '--zone-orig 4', RAW), evalContext());
    expect(sentences[0]).toContain('zone 4 for its original direction');
  });
});

describe('NOTRACK and TRACE (libxt_NOTRACK.t, libxt_TRACE.t)', () => {
  it('NOTRACK takes no options, saves nothing and makes the packet untracked', () => {
    expect(saved(notrackTarget, '', RAW)).toBe('');
    expect(parseWith(notrackTarget, '--zone 1', RAW).ok).toBe(false);
    expect(applyWith(notrackTarget, null, evalContext()).verdict).toEqual({ kind: 'notrack' });
  });

  it('NOTRACK is raw-only (conformance rej19: refused in filter)', () => {
    expect(notrackTarget.tables).toEqual(['raw']);
  });

  it('TRACE is raw-only and lets the packet go on', () => {
    expect(traceTarget.tables).toEqual(['raw']);
    expect(saved(traceTarget, '', RAW)).toBe('');
    expect(applyWith(traceTarget, null, evalContext()).verdict).toEqual({ kind: 'continue' });
  });
});
