import { describe, expect, it } from 'vitest';
import type { HostQuery } from '../ext/types.ts';
import { redirectTarget } from './redirect.ts';
import { applyWith, evalContext, parseWith, parsed, saved } from './util/testing.ts';

const NAT = { table: 'nat', chain: 'PREROUTING' } as const;
const TCP = { ...NAT, proto: 6 };
const UDP = { ...NAT, proto: 17 };

describe('REDIRECT: parse and canonical save (libxt_REDIRECT.t)', () => {
  it.each([
    ['--to-ports 42', TCP, '--to-ports 42'],
    ['--to-ports 0', TCP, '--to-ports 0'],
    ['--to-ports 65535', TCP, '--to-ports 65535'],
    ['--to-ports 0-0', UDP, '--to-ports 0'],
    ['--to-ports 512-512', UDP, '--to-ports 512'],
    ['--to-ports 42-1234', UDP, '--to-ports 42-1234'],
    ['--to-ports 42-1234 --random', TCP, '--to-ports 42-1234 --random'],
    ['--to-ports ssh', TCP, '--to-ports 22'],
    ['--to-ports ftp-data', TCP, '--to-ports 20'],
    ['--random', NAT, '--random'],
  ])('%s saves as "%s"', (text, ctx, want) => {
    expect(saved(redirectTarget, text, ctx)).toBe(want);
  });

  it.each([
    ['--to-ports 65536', TCP],
    ['--to-ports 42-1234/567', TCP],
    ['--to-ports ftp-ssh', TCP],
    ['--to-ports 10-ssh', TCP],
    ['--to-ports 42', NAT],
  ])('refuses "%s"', (text, ctx) => {
    expect(parseWith(redirectTarget, text, ctx).ok).toBe(false);
  });

  it('lives in nat PREROUTING and OUTPUT only', () => {
    expect(redirectTarget.tables).toEqual(['nat']);
    expect(redirectTarget.hooks).toEqual(['PREROUTING', 'OUTPUT']);
  });
});

describe('REDIRECT: verdict (nf_nat_redirect_ipv4)', () => {
  const host: HostQuery = {
    addrTypes: () => new Set(),
    ipset: () => undefined,
    primaryAddress: (iface) => (iface === 'eth0' ? 0x0a000101 : undefined),
  };

  it('sends an arriving packet to the incoming interface address', () => {
    const ctx = evalContext({ hook: 'PREROUTING', table: 'nat', inIface: 'eth0', host });
    const { verdict, sentences } = applyWith(redirectTarget, parsed(redirectTarget, '--to-ports 3128', TCP), ctx);
    expect(verdict).toEqual({
      kind: 'nat',
      nat: { kind: 'redirect', range: { minPort: 3128, maxPort: 3128 }, random: false },
    });
    expect(sentences[0]).toContain('10.0.1.1');
    expect(sentences[1]).toBe('The port becomes 3128.');
  });

  it('sends a locally generated packet to 127.0.0.1', () => {
    const ctx = evalContext({ hook: 'OUTPUT', table: 'nat', inIface: undefined, host });
    const { sentences } = applyWith(redirectTarget, parsed(redirectTarget, '', NAT), ctx);
    expect(sentences[0]).toContain('127.0.0.1');
  });
});
