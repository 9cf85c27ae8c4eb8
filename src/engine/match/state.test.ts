import { describe, expect, it } from 'vitest';
import { stateMatch } from './state.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';
import { testConn, testPacket } from './util/testContext.ts';

describe('state (libxt_state.t)', () => {
  it.each([
    ['--state INVALID', '--state INVALID'],
    ['--state NEW,RELATED', '--state NEW,RELATED'],
    ['--state ESTABLISHED,RELATED', '--state RELATED,ESTABLISHED'],
    ['--state UNTRACKED', '--state UNTRACKED'],
    ['! --state new', '! --state NEW'],
  ])('%s saves as "%s"', (text, want) => {
    expect(saved(stateMatch, text)).toBe(want);
  });

  it.each(['', '--state SNAT', '--state NEW,', '--state bogus'])('refuses "%s"', (text) => {
    expect(parseWith(stateMatch, text).ok).toBe(false);
  });

  it('ESTABLISHED,RELATED matches an established packet and not a new one', () => {
    const pkt = testPacket();
    expect(
      evaluateWith(stateMatch, '--state ESTABLISHED,RELATED', { pkt, ct: testConn(pkt, { state: 'ESTABLISHED' }) })
        .matched,
    ).toBe(true);
    expect(evaluateWith(stateMatch, '--state ESTABLISHED,RELATED', { pkt, ct: testConn(pkt) }).matched).toBe(false);
  });

  it('a packet without a conntrack entry is INVALID', () => {
    expect(evaluateWith(stateMatch, '--state INVALID', { ct: null }).matched).toBe(true);
  });
});
