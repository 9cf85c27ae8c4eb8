import { describe, expect, it } from 'vitest';
import { connmarkMatch } from './connmark.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';
import { testConn, testPacket } from './util/testContext.ts';

describe('connmark (libxt_connmark.t)', () => {
  it.each([
    ['--mark 0xffffffff', '--mark 0xffffffff'],
    ['--mark 0xffffffff/0xffffffff', '--mark 0xffffffff'],
    ['--mark 0xffffffff/0x0', '--mark 0xffffffff/0x0'],
    ['--mark 0/0xffffffff', '--mark 0x0'],
  ])('%s saves as "%s"', (text, want) => {
    expect(saved(connmarkMatch, text)).toBe(want);
  });

  it.each(['--mark -1', '--mark 0xfffffffff', ''])('refuses "%s"', (text) => {
    expect(parseWith(connmarkMatch, text).ok).toBe(false);
  });

  it('compares the connection mark, not the packet mark', () => {
    const pkt = testPacket({ mark: 0 });
    const ct = testConn(pkt, { state: 'ESTABLISHED', mark: 0x2 });
    expect(evaluateWith(connmarkMatch, '--mark 0x2', { pkt, ct }).matched).toBe(true);
    expect(evaluateWith(connmarkMatch, '--mark 0x0', { pkt, ct }).matched).toBe(false);
  });

  it('never matches a packet without a conntrack entry, even negated', () => {
    expect(evaluateWith(connmarkMatch, '! --mark 0x2', { ct: null }).matched).toBe(false);
  });

  it('needs conntrack (switches it on in auto mode)', () => {
    expect(connmarkMatch.needsConntrack).toBe(true);
  });
});
