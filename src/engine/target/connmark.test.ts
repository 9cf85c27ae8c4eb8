import { describe, expect, it } from 'vitest';
import { connmarkTarget } from './connmark.ts';
import { applyWith, connection, evalContext, packet, parseWith, parsed, saved } from './util/testing.ts';

describe('CONNMARK: parse and canonical save (libxt_CONNMARK.t)', () => {
  it.each([
    ['--restore-mark', '--restore-mark --nfmask 0xffffffff --ctmask 0xffffffff'],
    ['--save-mark', '--save-mark --nfmask 0xffffffff --ctmask 0xffffffff'],
    ['--save-mark --nfmask 0xfffffff --ctmask 0xffffffff', '--save-mark --nfmask 0xfffffff --ctmask 0xffffffff'],
    ['--restore-mark --nfmask 0xfffffff --ctmask 0xffffffff', '--restore-mark --nfmask 0xfffffff --ctmask 0xffffffff'],
    ['--save-mark --mask 0xf', '--save-mark --nfmask 0xf --ctmask 0xf'],
    ['--restore-mark --ctmask 0xff', '--restore-mark --nfmask 0xffffffff --ctmask 0xff'],
    ['--set-xmark 0x30/0xf0', '--set-xmark 0x30/0xf0'],
    ['--set-mark 0x5', '--set-xmark 0x5/0xffffffff'],
    ['--set-mark 0x5/0xf', '--set-xmark 0x5/0xf'],
    ['--and-mark 0xf', '--set-xmark 0x0/0xfffffff0'],
    ['--or-mark 0x100', '--set-xmark 0x100/0x100'],
    ['--xor-mark 0x3', '--set-xmark 0x3/0x0'],
    // libxt_CONNMARK fills one structure in option order: a later --ctmask overrides the --set-xmark mask,
    // an earlier one is overridden by it.
    ['--set-xmark 0x1/0x3 --ctmask 0xf', '--set-xmark 0x1/0xf'],
    ['--ctmask 0xf --set-xmark 0x1/0x3', '--set-xmark 0x1/0x3'],
    ['--save-mark --left-shift-mark 8', '--save-mark --nfmask 0xffffffff --ctmask 0xffffffff --left-shift-mark 8'],
    [
      '--restore-mark --mask 0xff00 --right-shift-mark 8',
      '--restore-mark --nfmask 0xff00 --ctmask 0xff00 --right-shift-mark 8',
    ],
    ['--save-mark --right-shift-mark 0', '--save-mark --nfmask 0xffffffff --ctmask 0xffffffff'],
  ])('%s saves as "%s"', (text, want) => {
    expect(saved(connmarkTarget, text)).toBe(want);
  });

  it.each([
    ['', 'needs one of'],
    ['--save-mark --restore-mark', 'cannot be used together'],
    ['--save-mark --left-shift-mark 33', 'from 0 to 32'],
    ['--save-mark --ctmask 1 --ctmask 2', 'only once'],
    ['--save-mark --mask 0xf --nfmask 0xf', 'cannot be used together'],
    ['--save-mark --nfmask 4294967296', '32-bit'],
  ])('refuses "%s"', (text, why) => {
    const result = parseWith(connmarkTarget, text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(why);
  });

  it('switches conntrack on in auto mode (it reads the connection)', () => {
    expect(connmarkTarget.needsConntrack).toBe(true);
  });
});

describe('CONNMARK: kernel arithmetic (xt_connmark.c)', () => {
  const run = (text: string, nfmark: number, ctmark: number) => {
    const ctx = evalContext({ pkt: packet({ mark: nfmark }), ct: connection({ mark: ctmark }) });
    const result = applyWith(connmarkTarget, parsed(connmarkTarget, text), ctx);
    return { nfmark: ctx.pkt.mark, ctmark: ctx.ct?.mark, ...result };
  };

  it('--set-xmark: ctmark = (ctmark & ~mask) ^ value', () => {
    expect(run('--set-xmark 0x30/0xf0', 0, 0x1ff).ctmark).toBe(0x13f);
  });

  it('--save-mark: ctmark = (ctmark & ~ctmask) ^ (nfmark & nfmask), replaying kernel case f22 (0x30, 0x5 → 0x35)', () => {
    const { ctmark, nfmark } = run('--save-mark --nfmask 0xf --ctmask 0xf', 0x5, 0x30);
    expect(ctmark).toBe(0x35);
    expect(nfmark).toBe(0x5);
  });

  it('--save-mark with different masks takes nfmark bits as they are (no shift)', () => {
    expect(run('--save-mark --nfmask 0xff --ctmask 0xf', 0xab, 0x1234).ctmark).toBe((0x1230 ^ 0xab) >>> 0);
  });

  it('--save-mark --left-shift-mark 8 shifts the copied packet bits (connmark_tg_shift)', () => {
    expect(run('--save-mark --nfmask 0xff --ctmask 0xff00 --left-shift-mark 8', 0x12ab, 0xffff0000).ctmark).toBe(
      0xffffab00,
    );
  });

  it('--restore-mark --right-shift-mark 16 moves the high half of the connection mark down', () => {
    expect(
      run('--restore-mark --nfmask 0xffff --ctmask 0xffff0000 --right-shift-mark 16', 0xaaaa0000, 0x1234abcd).nfmark,
    ).toBe(0xaaaa1234);
  });

  it('--set-xmark with a shift shifts the whole new connection mark', () => {
    expect(run('--set-xmark 0x3/0xff --left-shift-mark 4', 0, 0x100).ctmark).toBe(0x1030);
  });

  it('--restore-mark: nfmark = (nfmark & ~nfmask) ^ (ctmark & ctmask), and the connection keeps its mark', () => {
    const { nfmark, ctmark } = run('--restore-mark --nfmask 0xf0 --ctmask 0xff', 0x1234, 0x5a);
    expect(nfmark).toBe((0x1204 ^ 0x5a) >>> 0);
    expect(ctmark).toBe(0x5a);
  });

  it('plain --restore-mark copies the whole connection mark (kernel case f21: 0x7 comes back)', () => {
    expect(run('--restore-mark', 0, 0x7).nfmark).toBe(0x7);
  });

  it('does nothing to a packet without a connection, and says so', () => {
    const ctx = evalContext({ pkt: packet({ mark: 0x9 }), ct: null });
    const { verdict, sentences } = applyWith(connmarkTarget, parsed(connmarkTarget, '--restore-mark'), ctx);
    expect(ctx.pkt.mark).toBe(0x9);
    expect(verdict).toEqual({ kind: 'continue' });
    expect(sentences[0]).toContain('no connection');
  });

  it('does nothing to an invalid packet, which has no conntrack entry', () => {
    const ct = connection({ state: 'INVALID', mark: 0 });
    const ctx = evalContext({ pkt: packet({ mark: 0x9 }), ct });
    applyWith(connmarkTarget, parsed(connmarkTarget, '--save-mark'), ctx);
    expect(ct.mark).toBe(0);
  });

  it('does nothing to an untracked packet', () => {
    const ct = connection({ state: 'UNTRACKED', mark: 0 });
    const ctx = evalContext({ pkt: packet({ mark: 0x9 }), ct });
    applyWith(connmarkTarget, parsed(connmarkTarget, '--save-mark'), ctx);
    expect(ct.mark).toBe(0);
  });
});
