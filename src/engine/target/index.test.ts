import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../ext/types.ts';
import { TABLES } from '../model/types.ts';
import { findTarget, targetModules } from './index.ts';
import { evalContext, parseWith } from './util/testing.ts';

describe('target registry', () => {
  it('lists each target once, by its iptables name', () => {
    const names = targetModules.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(findTarget(name)?.name).toBe(name);
  });

  it('is case-sensitive, like iptables (-j mark is a chain, not MARK)', () => {
    expect(findTarget('mark')).toBeUndefined();
    expect(findTarget('ACCEPT')).toBeUndefined();
  });

  it('spells every option as a long option and names only real tables', () => {
    for (const m of targetModules) {
      for (const option of Object.keys(m.options)) expect(option).toMatch(/^--[a-z][a-z-]*$/);
      for (const table of m.tables ?? []) expect(TABLES).toContain(table);
    }
  });

  it('switches conntrack on for the targets the conformance README names (NAT, CONNMARK, CT)', () => {
    const needing = targetModules.filter((m) => m.needsConntrack).map((m) => m.name);
    expect(needing.sort()).toEqual(['CONNMARK', 'CT', 'DNAT', 'MASQUERADE', 'NETMAP', 'REDIRECT', 'SNAT']);
  });
});

/** One accepted option text per target, with the rule context it needs. */
const SAMPLES: readonly [string, string, Partial<ParseContext>][] = [
  ['REJECT', '--reject-with tcp-rst', { proto: 6 }],
  ['LOG', '--log-level alert --log-prefix "in: " --log-uid', {}],
  ['NFLOG', '--nflog-threshold 2 --nflog-group 5 --nflog-prefix x', {}],
  ['MARK', '--set-mark 0x5/0xf', {}],
  ['CONNMARK', '--restore-mark --mask 0xff --right-shift-mark 8', {}],
  ['DNAT', '--to-destination 10.0.0.1-10.0.0.2:20-80/ftp --persistent', { table: 'nat', proto: 6 }],
  ['SNAT', '--to-source 192.0.2.1:1024-65535 --random-fully', { table: 'nat', proto: 17 }],
  ['MASQUERADE', '--to-ports 1024-2048 --random', { table: 'nat', proto: 6 }],
  ['REDIRECT', '--to-ports http', { table: 'nat', proto: 6 }],
  ['NETMAP', '--to 10.1.2.3/16', { table: 'nat' }],
  ['NOTRACK', '', { table: 'raw' }],
  ['CT', '--zone 3 --ctevents assured,new --helper ftp', { table: 'raw', proto: 6 }],
  ['TRACE', '', { table: 'raw' }],
  ['NFQUEUE', '--queue-cpu-fanout --queue-balance :7', {}],
  ['TCPMSS', '--clamp-mss-to-pmtu', { table: 'mangle', proto: 6 }],
  ['DSCP', '--set-dscp-class af21', { table: 'mangle' }],
  ['TOS', '--set-tos maximize-throughput', { table: 'mangle' }],
  ['TTL', '--ttl-inc 0x10', { table: 'mangle' }],
  ['SET', '--exist --add-set s srcx,dst', {}],
  ['CHECKSUM', '--checksum-fill', { table: 'mangle' }],
  ['CLASSIFY', '--set-class 0x1:FFFF', { table: 'mangle' }],
];

describe('canonical save is stable: parsing what iptables-save printed prints it again', () => {
  it('has a sample for every registered target', () => {
    expect(SAMPLES.map(([name]) => name).sort()).toEqual(targetModules.map((m) => m.name).sort());
  });

  it.each(SAMPLES)('%s %s', (name, text, ctx) => {
    const module = findTarget(name);
    if (!module) throw new Error(`no module ${name}`);
    const first = parseWith(module, text, ctx);
    if (!first.ok) throw new Error(first.message);
    const saved = module.save(first.data);
    const again = parseWith(module, saved, ctx);
    if (!again.ok) throw new Error(`${name} refuses its own save "${saved}": ${again.message}`);
    expect(module.save(again.data)).toBe(saved);
  });
});

describe('option checks every target shares (libxtables)', () => {
  it.each(SAMPLES.filter(([, text]) => text.startsWith('--')))('%s refuses "!" before an option', (name, text, ctx) => {
    const module = findTarget(name);
    if (!module) throw new Error(`no module ${name}`);
    const result = parseWith(module, `! ${text}`, ctx);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('cannot be negated');
  });

  it.each(SAMPLES)('%s refuses an option it does not have', (name, text, ctx) => {
    const module = findTarget(name);
    if (!module) throw new Error(`no module ${name}`);
    const result = parseWith(module, `${text} --no-such-option`, ctx);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.option?.name).toBe('--no-such-option');
  });
});

describe('bad input never throws (any option with odd arguments)', () => {
  const ODD = [
    '',
    '-',
    '/',
    ':',
    '0x',
    '-1',
    '99999999999999999999',
    '1:2:3',
    '1-2/3',
    'a,b,,',
    '\u00e9\u{1F600}',
    ' ',
    '!',
  ];

  it.each(targetModules.map((m) => [m.name, m] as const))('%s', (_name, module) => {
    for (const [option, spec] of Object.entries(module.options)) {
      const arity = spec.args === 'optional' ? 1 : spec.args;
      for (const word of ODD) {
        const options = [
          { name: option, negated: false, args: Array.from({ length: arity }, () => word), pos: { line: 1, col: 1 } },
        ];
        for (const proto of [undefined, 6, 17]) {
          const result = module.parse(options, { table: 'filter', chain: 'INPUT', proto });
          if (!result.ok) continue;
          expect(typeof module.save(result.data)).toBe('string');
          expect(() => module.apply(result.data, evalContext())).not.toThrow();
        }
      }
    }
  });
});
