import { describe, expect, it } from 'vitest';
import { tcpmssTarget } from './tcpmss.ts';
import { applyWith, evalContext, packet, parseWith, parsed, saved } from './util/testing.ts';

const FORWARD = { table: 'mangle', chain: 'FORWARD' } as const;
const TCP = { ...FORWARD, proto: 6 } as const;

describe('TCPMSS: parse and canonical save (libxt_TCPMSS.t)', () => {
  it.each([
    ['--set-mss 42', '--set-mss 42'],
    ['--clamp-mss-to-pmtu', '--clamp-mss-to-pmtu'],
    ['--set-mss 65515', '--set-mss 65515'],
  ])('%s saves as "%s"', (text, want) => {
    expect(saved(tcpmssTarget, text, TCP)).toBe(want);
  });

  it.each([
    ['', TCP, 'needs one of'],
    ['--set-mss 42', FORWARD, 'only works in a rule that matches TCP'],
    ['--set-mss 42', { ...TCP, protoNegated: true, proto: undefined }, 'only works in a rule that matches TCP'],
    ['--set-mss 42 --clamp-mss-to-pmtu', TCP, 'cannot be used together'],
    ['--set-mss 65516', TCP, 'from 0 to 65515'],
  ])('refuses "%s"', (text, ctx, why) => {
    const result = parseWith(tcpmssTarget, text, ctx);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(why);
  });

  it('allows --clamp-mss-to-pmtu only from FORWARD, OUTPUT and POSTROUTING (tcpmss_tg4_check)', () => {
    expect(tcpmssTarget.hooksFor?.(parsed(tcpmssTarget, '--clamp-mss-to-pmtu', TCP))).toEqual([
      'FORWARD',
      'OUTPUT',
      'POSTROUTING',
    ]);
    expect(tcpmssTarget.hooksFor?.(parsed(tcpmssTarget, '--set-mss 1400', TCP))).toBeUndefined();
  });
});

describe('TCPMSS: verdict', () => {
  it('clamps a SYN to the path MTU minus 40 and continues', () => {
    const { verdict, sentences } = applyWith(
      tcpmssTarget,
      parsed(tcpmssTarget, '--clamp-mss-to-pmtu', TCP),
      evalContext(),
    );
    expect(verdict).toEqual({ kind: 'continue' });
    expect(sentences[0]).toContain('1460');
  });

  it('leaves a packet without SYN alone', () => {
    const ctx = evalContext({ pkt: packet({ tcpFlags: 0x10 }) });
    const { sentences } = applyWith(tcpmssTarget, parsed(tcpmssTarget, '--set-mss 1400', TCP), ctx);
    expect(sentences[0]).toContain('only carried by SYN');
  });
});
