import { describe, expect, it } from 'vitest';
import { netmapTarget } from './netmap.ts';
import { applyWith, evalContext, packet, parseWith, parsed, saved } from './util/testing.ts';

const NAT = { table: 'nat', chain: 'PREROUTING' } as const;

describe('NETMAP: parse and canonical save (libipt_NETMAP.t)', () => {
  it.each([
    ['--to 1.2.3.0/24', '--to 1.2.3.0/24'],
    ['--to 1.2.3.4', '--to 1.2.3.4/32'],
    ['--to 1.2.3.4/24', '--to 1.2.3.0/24'],
    ['--to 10.0.0.0/0x10', '--to 10.0.0.0/16'],
    ['--to 10.9.8.7/0', '--to 0.0.0.0/0'],
  ])('%s saves as "%s"', (text, want) => {
    expect(saved(netmapTarget, text, NAT)).toBe(want);
  });

  // XTTYPE_HOSTMASK takes a prefix length only, not a dotted netmask.
  it.each(['', '--to 1.2.3.0/33', '--to nowhere', '--to 10.0.0.0/255.255.0.0', '--to 1.2.3.0/'])(
    'refuses "%s"',
    (text) => {
      expect(parseWith(netmapTarget, text, NAT).ok).toBe(false);
    },
  );

  it('is allowed in every nat hook', () => {
    expect(netmapTarget.hooks).toEqual(['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING']);
  });
});

describe('NETMAP: maps the destination before routing and the source after it, keeping host bits', () => {
  const data = parsed(netmapTarget, '--to 192.168.5.0/24', NAT);

  it('maps the destination in PREROUTING', () => {
    const ctx = evalContext({ hook: 'PREROUTING', table: 'nat', pkt: packet({ dst: 0x0a000142 }) });
    const { verdict, sentences } = applyWith(netmapTarget, data, ctx);
    expect(verdict).toEqual({ kind: 'nat', nat: { kind: 'netmap', addr: 0xc0a80500, mask: 0xffffff00, dir: 'dst' } });
    expect(sentences[0]).toContain('10.0.1.66 becomes 192.168.5.66');
  });

  it('maps the source in POSTROUTING', () => {
    const ctx = evalContext({ hook: 'POSTROUTING', table: 'nat', pkt: packet({ src: 0x0a000107 }) });
    const { verdict, sentences } = applyWith(netmapTarget, data, ctx);
    expect(verdict).toMatchObject({ nat: { dir: 'src' } });
    expect(sentences[0]).toContain('10.0.1.7 becomes 192.168.5.7');
  });
});
