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

describe('TCPMSS: xt_TCPMSS.c tcpmss_mangle_packet()', () => {
  const SYN = 0x02;
  const run = (text: string, pkt: Parameters<typeof packet>[0], outIface = 'eth1') => {
    const ctx = evalContext({ pkt: packet({ tcpFlags: SYN, ...pkt }), outIface });
    const { verdict, sentences } = applyWith(tcpmssTarget, parsed(tcpmssTarget, text, TCP), ctx);
    return { verdict, sentences, pkt: ctx.pkt };
  };

  it('--clamp-mss-to-pmtu lowers MSS 9000 to the 1500-byte MTU minus 40 and continues', () => {
    const { verdict, pkt } = run('--clamp-mss-to-pmtu', { tcpOptions: { mss: 9000 }, length: 44 });
    expect(verdict).toEqual({ kind: 'continue' });
    expect(pkt.tcpOptions).toEqual({ mss: 1460 });
    expect(pkt.length).toBe(44);
  });

  it('never raises an MSS, even with --set-mss ("Never increase MSS")', () => {
    expect(run('--set-mss 1400', { tcpOptions: { mss: 1200 }, length: 44 }).pkt.tcpOptions).toEqual({ mss: 1200 });
  });

  it('inserts a missing MSS option with min(N, 536), 4 bytes longer (RFC 1122 default MSS)', () => {
    const { pkt } = run('--set-mss 1200', { length: 40 });
    expect(pkt.tcpOptions).toEqual({ mss: 536 });
    expect(pkt.length).toBe(44);
    expect(run('--set-mss 500', { length: 40 }).pkt.tcpOptions).toEqual({ mss: 500 });
  });

  it('keeps the other options when it inserts or lowers the MSS', () => {
    const { pkt } = run('--set-mss 1200', { tcpOptions: { mss: 1460, wscale: 7, sackPerm: true }, length: 52 });
    expect(pkt.tcpOptions).toEqual({ mss: 1200, wscale: 7, sackPerm: true });
  });

  it('cannot insert an option into a segment that carries data ("There is data after the header")', () => {
    const { pkt, sentences } = run('--set-mss 1200', { length: 100 });
    expect(pkt.tcpOptions).toBeUndefined();
    expect(pkt.length).toBe(100);
    expect(sentences[0]).toContain('carries data');
  });
});
