import { describe, expect, it } from 'vitest';
import { dscpTarget } from './dscp.ts';
import { tosTarget } from './tos.ts';
import { ttlTarget } from './ttl.ts';
import { applyWith, evalContext, packet, parseWith, parsed, saved } from './util/testing.ts';

const MANGLE = { table: 'mangle', chain: 'PREROUTING' } as const;

describe('DSCP (libxt_DSCP.t; xt_DSCP.c keeps the ECN bits)', () => {
  it.each([
    ['--set-dscp 0x00', '--set-dscp 0x00'],
    ['--set-dscp 0x3f', '--set-dscp 0x3f'],
    ['--set-dscp 46', '--set-dscp 0x2e'],
    ['--set-dscp-class CS0', '--set-dscp 0x00'],
    ['--set-dscp-class BE', '--set-dscp 0x00'],
    ['--set-dscp-class EF', '--set-dscp 0x2e'],
    ['--set-dscp-class af41', '--set-dscp 0x22'],
    // class_to_dscp compares only the length of each class name: a word that starts with one is that class.
    ['--set-dscp-class AF111', '--set-dscp 0x0a'],
  ])('%s saves as "%s"', (text, want) => {
    expect(saved(dscpTarget, text, MANGLE)).toBe(want);
  });

  it.each([
    '--set-dscp -1',
    '--set-dscp 0x40',
    '--set-dscp 0x3f --set-dscp-class CS0',
    '',
    '--set-dscp-class AF44',
    '--set-dscp-class af4',
  ])('refuses "%s"', (text) => {
    expect(parseWith(dscpTarget, text, MANGLE).ok).toBe(false);
  });

  it('is a mangle-only target', () => {
    expect(dscpTarget.tables).toEqual(['mangle']);
  });

  it('sets DSCP 0x2e (EF) into TOS 0xb8 and keeps the ECN bits', () => {
    const ctx = evalContext({ pkt: packet({ tos: 0x03 }) });
    applyWith(dscpTarget, parsed(dscpTarget, '--set-dscp 0x2e', MANGLE), ctx);
    expect(ctx.pkt.tos).toBe(0xbb);
  });
});

describe('TOS (libxt_TOS.t; xt_DSCP.c tos_tg: tos = (tos & ~mask) ^ value)', () => {
  it.each([
    ['--set-tos 0x1f', '--set-tos 0x1f/0xff'],
    ['--set-tos 0x1f/0x1f', '--set-tos 0x1f/0x1f'],
    ['--set-tos Minimize-Delay', '--set-tos 0x10/0x3f'],
    ['--set-tos Maximize-Throughput', '--set-tos 0x08/0x3f'],
    ['--set-tos Maximize-Reliability', '--set-tos 0x04/0x3f'],
    ['--set-tos Minimize-Cost', '--set-tos 0x02/0x3f'],
    ['--set-tos Normal-Service', '--set-tos 0x00/0x3f'],
    ['--set-tos minimize-delay', '--set-tos 0x10/0x3f'],
    ['--and-tos 0x12', '--set-tos 0x00/0xed'],
    ['--or-tos 0x12', '--set-tos 0x12/0x12'],
    ['--xor-tos 0x12', '--set-tos 0x12/0x00'],
  ])('%s saves as "%s"', (text, want) => {
    expect(saved(tosTarget, text, MANGLE)).toBe(want);
  });

  it.each(['', '--set-tos 0x100', '--set-tos Fast', '--set-tos 1 --or-tos 2', '--and-tos 0x1/0x1'])(
    'refuses "%s"',
    (text) => {
      expect(parseWith(tosTarget, text, MANGLE).ok).toBe(false);
    },
  );

  it('replays kernel case f18: --set-tos 0x08/0xff turns TOS 184 into 0x08', () => {
    const ctx = evalContext({ pkt: packet({ tos: 184 }) });
    const { verdict } = applyWith(tosTarget, parsed(tosTarget, '--set-tos 0x08/0xff', MANGLE), ctx);
    expect(ctx.pkt.tos).toBe(0x08);
    expect(verdict).toEqual({ kind: 'continue' });
  });

  it('a symbolic name keeps the top two (ECN) bits: mask 0x3f', () => {
    const ctx = evalContext({ pkt: packet({ tos: 0xc3 }) });
    applyWith(tosTarget, parsed(tosTarget, '--set-tos Minimize-Delay', MANGLE), ctx);
    expect(ctx.pkt.tos).toBe(0xd0);
  });
});

describe('TTL (libipt_TTL.t; xt_HL.c ttl_tg stops at 0 and 255)', () => {
  it.each([
    ['--ttl-set 42', '--ttl-set 42'],
    ['--ttl-inc 1', '--ttl-inc 1'],
    ['--ttl-dec 1', '--ttl-dec 1'],
    ['--ttl-set 0', '--ttl-set 0'],
  ])('%s saves as "%s"', (text, want) => {
    expect(saved(ttlTarget, text, MANGLE)).toBe(want);
  });

  it.each(['--ttl-set 256', '--ttl-inc 0', '--ttl-dec 0', '--ttl-dec 1 --ttl-inc 1', '--ttl-set --ttl-inc 1', ''])(
    'refuses "%s"',
    (text) => {
      expect(parseWith(ttlTarget, text, MANGLE).ok).toBe(false);
    },
  );

  it.each([
    ['--ttl-set 5', 64, 5],
    ['--ttl-dec 10', 64, 54],
    ['--ttl-dec 10', 3, 0],
    ['--ttl-inc 10', 250, 255],
  ])('%s turns TTL %i into %i', (text, before, after) => {
    const ctx = evalContext({ pkt: packet({ ttl: before }) });
    applyWith(ttlTarget, parsed(ttlTarget, text, MANGLE), ctx);
    expect(ctx.pkt.ttl).toBe(after);
  });
});
