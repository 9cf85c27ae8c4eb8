import { describe, expect, it } from 'vitest';
import { ctTarget } from './ct.ts';
import { notrackTarget } from './notrack.ts';
import { traceTarget } from './trace.ts';
import { applyWith, connection, evalContext, packet, parseWith, parsed, saved } from './util/testing.ts';

const RAW = { table: 'raw', chain: 'PREROUTING' } as const;
/** A packet in raw PREROUTING that conntrack has not seen yet. */
const rawContext = (overrides: Parameters<typeof evalContext>[0] = {}) =>
  evalContext({ hook: 'PREROUTING', table: 'raw', chain: 'PREROUTING', ct: null, ...overrides });

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
    const { verdict } = applyWith(ctTarget, parsed(ctTarget, '--notrack', RAW), rawContext());
    expect(verdict).toEqual({ kind: 'notrack' });
  });

  it('--zone gives the connection a zone', () => {
    const { verdict, sentences } = applyWith(ctTarget, parsed(ctTarget, '--zone 7', RAW), rawContext());
    expect(verdict).toEqual({ kind: 'ct-template', zone: 7 });
    expect(sentences[0]).toContain('zone 7');
  });

  it('--zone mark takes the zone from the low 16 bits of the packet mark', () => {
    const ctx = rawContext({ pkt: packet({ mark: 0x12345 }) });
    const { verdict } = applyWith(ctTarget, parsed(ctTarget, '--zone mark', RAW), ctx);
    expect(verdict).toEqual({ kind: 'ct-template', zone: 0x2345 });
  });

  it('--zone-orig says the zone holds for the original direction', () => {
    const { sentences } = applyWith(ctTarget, parsed(ctTarget, '--zone-orig 4', RAW), rawContext());
    expect(sentences[0]).toContain('zone 4 for its original direction');
  });
});

describe('CT and NOTRACK act only before conntrack has seen the packet (xt_CT.c: skb->_nfct != 0 → continue)', () => {
  const looped = () => evalContext({ hook: 'PREROUTING', table: 'raw', ct: connection({ state: 'NEW' }) });
  const fresh = () => evalContext({ hook: 'PREROUTING', table: 'raw', ct: connection({ state: 'INVALID' }) });

  it('a looped-back packet that already has an entry is left alone', () => {
    expect(applyWith(notrackTarget, null, looped()).verdict).toEqual({ kind: 'continue' });
    const { verdict, sentences } = applyWith(ctTarget, parsed(ctTarget, '--zone 3', RAW), looped());
    expect(verdict).toEqual({ kind: 'continue' });
    expect(sentences[0]).toContain('already belongs to a connection');
  });

  it('a packet without an entry yet (shown as a bare INVALID view, or no conntrack at all) is acted on', () => {
    expect(applyWith(notrackTarget, null, fresh()).verdict).toEqual({ kind: 'notrack' });
    expect(applyWith(notrackTarget, null, evalContext({ ct: null })).verdict).toEqual({ kind: 'notrack' });
    expect(applyWith(ctTarget, parsed(ctTarget, '--zone 3', RAW), fresh()).verdict).toEqual({
      kind: 'ct-template',
      zone: 3,
    });
  });
});

describe('NOTRACK and TRACE (libxt_NOTRACK.t, libxt_TRACE.t)', () => {
  it('NOTRACK takes no options, saves nothing and makes the packet untracked', () => {
    expect(saved(notrackTarget, '', RAW)).toBe('');
    expect(parseWith(notrackTarget, '--zone 1', RAW).ok).toBe(false);
    expect(applyWith(notrackTarget, null, rawContext()).verdict).toEqual({ kind: 'notrack' });
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
