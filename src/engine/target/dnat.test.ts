import { describe, expect, it } from 'vitest';
import { dnatTarget } from './dnat.ts';
import { applyWith, evalContext, parseWith, parsed, saved } from './util/testing.ts';

const TCP = { table: 'nat', chain: 'PREROUTING', proto: 6 } as const;
const NONE = { table: 'nat', chain: 'PREROUTING' } as const;

describe('DNAT: parse and canonical save (libipt_DNAT.t)', () => {
  it.each([
    ['--to-destination 1.1.1.1', NONE, '--to-destination 1.1.1.1'],
    ['--to-destination 1.1.1.1-1.1.1.10', NONE, '--to-destination 1.1.1.1-1.1.1.10'],
    ['--to-destination 1.1.1.1:1025-65535', TCP, '--to-destination 1.1.1.1:1025-65535'],
    ['--to-destination 1.1.1.1-1.1.1.10:1025-65535', TCP, '--to-destination 1.1.1.1-1.1.1.10:1025-65535'],
    ['--to-destination 1.1.1.1:1000-2000/1000', TCP, '--to-destination 1.1.1.1:1000-2000/1000'],
    ['--to-destination 1.1.1.1:1000-2000/65535', TCP, '--to-destination 1.1.1.1:1000-2000/65535'],
    ['--to-destination 1.1.1.1:ssh', TCP, '--to-destination 1.1.1.1:22'],
    ['--to-destination 1.1.1.1:ftp-data', TCP, '--to-destination 1.1.1.1:20'],
    ['--to-destination 1.1.1.1:10-20/ftp', TCP, '--to-destination 1.1.1.1:10-20/21'],
    ['--to-destination 1.1.1.1:80-80', TCP, '--to-destination 1.1.1.1:80'],
    ['--to-destination 1.1.1.1:0', TCP, '--to-destination 1.1.1.1:0'],
    // libxt_NAT checks neither the order of an address range nor, after a number, what follows a base port.
    ['--to-destination 1.1.1.10-1.1.1.1', NONE, '--to-destination 1.1.1.10-1.1.1.1'],
    ['--to-destination :8080', TCP, '--to-destination :8080'],
    ['--to-destination 1.1.1.1 --persistent --random', NONE, '--to-destination 1.1.1.1 --random --persistent'],
  ])('%s saves as "%s"', (text, ctx, want) => {
    expect(saved(dnatTarget, text, ctx)).toBe(want);
  });

  it.each([
    ['', TCP, 'needs --to-destination'],
    ['--to-destination 1.1.1.1:1025-65535', NONE, 'Need TCP, UDP, SCTP or DCCP'],
    ['--to-destination 1.1.1.1 --to-destination 2.2.2.2', NONE, 'only once'],
    ['--to-destination 1.1.1.1-1.1.1.10:1025-65536', TCP, 'not valid'],
    ['--to-destination 1.1.1.1:1000-2000/0', TCP, 'base port'],
    ['--to-destination 1.1.1.1:1000-2000/65536', TCP, 'base port'],
    ['--to-destination 1.1.1.1:echo-ssh', TCP, 'not valid'],
    ['--to-destination 1.1.1.1:2000-1000', TCP, 'must not be above'],
    ['--to-destination 1.1.1.1:1000:2000', TCP, 'with a dash'],
    ['--to-destination 1.1.1.1:1000-ssh', TCP, 'not valid'],
    ['--to-destination 1.1.1.1:', TCP, 'not valid'],
    ['--to-destination 1.1.1.1:80/100', TCP, 'not valid'],
    ['--to-destination 1.1.1.256', NONE, 'not a valid address'],
    ['--to-destination 1.1.1.1 --random-fully', NONE, 'has no option'],
  ])('refuses "%s"', (text, ctx, why) => {
    const result = parseWith(dnatTarget, text, ctx);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(why);
  });

  it('lives in nat PREROUTING and OUTPUT only (conformance rej07: refused in POSTROUTING)', () => {
    expect(dnatTarget.tables).toEqual(['nat']);
    expect(dnatTarget.hooks).toEqual(['PREROUTING', 'OUTPUT']);
    expect(dnatTarget.needsConntrack).toBe(true);
  });
});

describe('DNAT: verdict', () => {
  it('asks the tracer to NAT the destination into the parsed range', () => {
    const data = parsed(dnatTarget, '--to-destination 10.0.2.2-10.0.2.3:8080', TCP);
    const { verdict, sentences } = applyWith(dnatTarget, data, evalContext({ hook: 'PREROUTING', table: 'nat' }));
    expect(verdict).toEqual({
      kind: 'nat',
      nat: {
        kind: 'dnat',
        range: { minAddr: 0x0a000202, maxAddr: 0x0a000203, minPort: 8080, maxPort: 8080 },
        random: false,
        persistent: false,
      },
    });
    expect(sentences[0]).toContain('10.0.2.2-10.0.2.3:8080');
  });

  it('passes the base port of an offset mapping', () => {
    const data = parsed(dnatTarget, '--to-destination 1.1.1.1:1000-2000/3000', TCP);
    expect(data.range).toMatchObject({ minPort: 1000, maxPort: 2000, basePort: 3000 });
  });
});
