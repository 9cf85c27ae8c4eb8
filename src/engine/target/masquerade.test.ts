import { describe, expect, it } from 'vitest';
import type { HostQuery } from '../ext/types.ts';
import { masqueradeTarget } from './masquerade.ts';
import { applyWith, evalContext, parseWith, parsed, saved } from './util/testing.ts';

const NAT = { table: 'nat', chain: 'POSTROUTING' } as const;

describe('MASQUERADE: parse and canonical save (libipt_MASQUERADE.t)', () => {
  it.each([
    ['', {}, ''],
    ['--random', {}, '--random'],
    ['--random-fully', {}, '--random-fully'],
    ['--to-ports 1024', { proto: 6 }, '--to-ports 1024'],
    ['--to-ports 1024-65535', { proto: 17 }, '--to-ports 1024-65535'],
    ['--random --to-ports 1024', { proto: 6 }, '--to-ports 1024 --random'],
    // The compat structure has no base port: the offset flag stays, the base is 0 (SNAT_fcheck refuses nothing).
    ['--to-ports 1000-2000/3000', { proto: 6 }, '--to-ports 1000-2000/0'],
  ])('%s saves as "%s"', (text, ctx, want) => {
    expect(saved(masqueradeTarget, text, { ...NAT, ...ctx })).toBe(want);
  });

  it.each([
    ['--to-ports 1024-65536', { proto: 17 }],
    ['--to-ports -1', { proto: 17 }],
    ['--to-ports 1024', {}],
    ['--to-ports 2000-1000', { proto: 6 }],
    ['--to-ports 1000:2000', { proto: 6 }],
  ])('refuses "%s"', (text, ctx) => {
    expect(parseWith(masqueradeTarget, text, { ...NAT, ...ctx }).ok).toBe(false);
  });

  it('lives in nat POSTROUTING only (conformance rej15)', () => {
    expect(masqueradeTarget.tables).toEqual(['nat']);
    expect(masqueradeTarget.hooks).toEqual(['POSTROUTING']);
  });
});

describe('MASQUERADE: verdict', () => {
  const host: HostQuery = {
    addrTypes: () => new Set(),
    ipset: () => undefined,
    primaryAddress: (iface) => (iface === 'eth1' ? 0x0a000201 : undefined),
  };

  it('names the outgoing interface address it will use', () => {
    const ctx = evalContext({ hook: 'POSTROUTING', table: 'nat', outIface: 'eth1', host });
    const { verdict, sentences } = applyWith(masqueradeTarget, parsed(masqueradeTarget, '', NAT), ctx);
    expect(verdict).toEqual({ kind: 'nat', nat: { kind: 'masquerade', range: {}, random: false, randomFully: false } });
    expect(sentences[0]).toContain('10.0.2.1, the address of eth1');
  });

  it('names the port range it maps into', () => {
    const ctx = evalContext({ hook: 'POSTROUTING', table: 'nat', outIface: 'eth1', host });
    const data = parsed(masqueradeTarget, '--to-ports 1024-2048', { ...NAT, proto: 17 });
    const { sentences } = applyWith(masqueradeTarget, data, ctx);
    expect(sentences[1]).toBe('The port becomes one from 1024-2048.');
  });

  it('says when the interface has no address', () => {
    const ctx = evalContext({ hook: 'POSTROUTING', table: 'nat', outIface: 'eth9', host });
    const { sentences } = applyWith(masqueradeTarget, parsed(masqueradeTarget, '', NAT), ctx);
    expect(sentences[0]).toContain('eth9 has no IPv4 address');
  });
});
