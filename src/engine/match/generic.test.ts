import { describe, expect, it } from 'vitest';
import type { Rule } from '../model/types.ts';
import { catalogProblems } from './util/catalogCheck.ts';
import { evaluateGeneric, ifaceMatches } from './generic.ts';
import { ip, testContext, type TestContextSpec } from './util/testContext.ts';

function rule(over: Partial<Rule>): Rule {
  return {
    id: 1,
    table: 'filter',
    chain: 'INPUT',
    matches: [],
    target: null,
    counters: { packets: 0, bytes: 0 },
    line: 1,
    col: 1,
    ...over,
  };
}

function run(r: Partial<Rule>, spec: TestContextSpec = {}) {
  const steps = evaluateGeneric(rule(r), testContext(spec));
  for (const s of steps) expect(catalogProblems(s.explain)).toEqual([]);
  return { steps, matched: steps.every((s) => s.matched) };
}

const net = (addr: string, mask: string) => ({ addr: ip(addr), mask: ip(mask) });

describe('generic: -s and -d', () => {
  it('-s 10.0.0.0/8 matches 10.1.2.3 and not 192.168.1.5', () => {
    const src = { negated: false, value: net('10.0.0.0', '255.0.0.0') };
    expect(run({ src }, { pkt: { src: ip('10.1.2.3') } }).matched).toBe(true);
    const r = run({ src }, { pkt: { src: ip('192.168.1.5') } });
    expect(r.matched).toBe(false);
    expect(r.steps[0]).toMatchObject({
      name: 'src',
      text: '-s 10.0.0.0/8',
      explain: [{ id: 'match.generic.src.out' }],
    });
  });

  it('! -d inverts, and a non-contiguous mask is printed dotted', () => {
    const dst = { negated: true, value: net('10.0.0.1', '255.0.255.255') };
    const r = run({ dst }, { pkt: { dst: ip('10.9.0.1') } });
    expect(r.matched).toBe(false);
    expect(r.steps[0]?.text).toBe('! -d 10.0.0.1/255.0.255.255');
  });

  it('stops at the first failing test, in the kernel order (-s before -p)', () => {
    const r = run(
      { src: { negated: false, value: net('10.0.0.0', '255.0.0.0') }, proto: { negated: false, value: 17 } },
      { pkt: { src: ip('192.0.2.1') } },
    );
    expect(r.steps.map((s) => s.name)).toEqual(['src']);
  });
});

describe('generic: -i and -o', () => {
  it('a trailing + matches any name with that prefix; + alone matches any interface', () => {
    expect(ifaceMatches('eth+', 'eth0')).toBe(true);
    expect(ifaceMatches('eth+', 'wlan0')).toBe(false);
    expect(ifaceMatches('+', 'lo')).toBe(true);
    expect(ifaceMatches('eth', 'eth0')).toBe(false);
  });

  it('-i eth0 matches a packet in on eth0; ! -i eth0 does not', () => {
    expect(run({ inIface: { negated: false, value: 'eth0' } }, { inIface: 'eth0' }).matched).toBe(true);
    expect(run({ inIface: { negated: true, value: 'eth0' } }, { inIface: 'eth0' }).matched).toBe(false);
  });

  it('-o + matches even with no interface (an empty name fits the bare wildcard)', () => {
    const r = run({ outIface: { negated: false, value: '+' } }, { outIface: undefined });
    expect(r.matched).toBe(true);
    expect(r.steps[0]?.explain[0]?.id).toBe('match.generic.out.none-fits');
  });

  it('-o docker0 does not match before an output interface is known', () => {
    expect(run({ outIface: { negated: false, value: 'docker0' } }, { outIface: undefined }).matched).toBe(false);
  });
});

describe('generic: -p and -f', () => {
  it('-p tcp matches TCP, not UDP', () => {
    expect(run({ proto: { negated: false, value: 6 } }).matched).toBe(true);
    expect(run({ proto: { negated: false, value: 6 } }, { pkt: { proto: 17 } }).matched).toBe(false);
    expect(run({ proto: { negated: true, value: 6 } }, { pkt: { proto: 17 } }).matched).toBe(true);
  });

  it('-p all tests nothing, so even ! -p all matches (the kernel skips a zero protocol)', () => {
    expect(run({ proto: { negated: true, value: 0 } }).matched).toBe(true);
  });

  it('-f matches only second and later fragments', () => {
    expect(run({ fragment: { negated: false, value: true } }, { pkt: { fragment: true } }).matched).toBe(true);
    expect(run({ fragment: { negated: false, value: true } }).matched).toBe(false);
    expect(run({ fragment: { negated: true, value: true } }).matched).toBe(true);
  });

  it('a rule without generic tests yields no steps', () => {
    expect(run({}).steps).toEqual([]);
  });
});
