import { describe, expect, it } from 'vitest';
import { ttlMatch } from './ttl.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';

describe('ttl (libipt_ttl.t)', () => {
  it.each(['--ttl-eq 0', '--ttl-eq 255', '! --ttl-eq 0', '--ttl-gt 0', '--ttl-lt 5'])('%s saves unchanged', (text) => {
    expect(saved(ttlMatch, text)).toBe(text);
  });

  it.each(['--ttl-eq 256', '--ttl-eq -1', '', '--ttl-eq 1 --ttl-gt 2', '! --ttl-lt 3'])('refuses "%s"', (text) => {
    expect(parseWith(ttlMatch, text).ok).toBe(false);
  });

  it('eq, ne, lt and gt compare the packet TTL', () => {
    const ttl = (text: string, value: number) => evaluateWith(ttlMatch, text, { pkt: { ttl: value } }).matched;
    expect([ttl('--ttl-eq 64', 64), ttl('! --ttl-eq 64', 64), ttl('--ttl-lt 10', 9), ttl('--ttl-gt 10', 10)]).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });
});
