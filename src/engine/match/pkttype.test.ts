import { describe, expect, it } from 'vitest';
import { pkttypeMatch } from './pkttype.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';
import { ip } from './util/testContext.ts';

describe('pkttype (libxt_pkttype.t)', () => {
  it.each([
    ['--pkt-type unicast', '--pkt-type unicast'],
    ['--pkt-type broadcast', '--pkt-type broadcast'],
    ['--pkt-type multicast', '--pkt-type multicast'],
    ['! --pkt-type BCAST', '! --pkt-type broadcast'],
  ])('%s saves as "%s"', (text, want) => {
    expect(saved(pkttypeMatch, text)).toBe(want);
  });

  it('refuses an unknown type or no type', () => {
    expect(parseWith(pkttypeMatch, '--pkt-type wrong').ok).toBe(false);
    expect(parseWith(pkttypeMatch, '').ok).toBe(false);
  });

  it('a packet to 224.0.0.251 is multicast, to 255.255.255.255 broadcast, to a host unicast', () => {
    const type = (dst: string, text: string) => evaluateWith(pkttypeMatch, text, { pkt: { dst: ip(dst) } }).matched;
    expect(type('224.0.0.251', '--pkt-type multicast')).toBe(true);
    expect(type('255.255.255.255', '--pkt-type broadcast')).toBe(true);
    expect(type('10.0.1.1', '--pkt-type unicast')).toBe(true);
    expect(type('10.0.1.1', '--pkt-type broadcast')).toBe(false);
  });
});
