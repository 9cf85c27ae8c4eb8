import { describe, expect, it } from 'vitest';
import { helperMatch } from './helper.ts';
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

describe('helper (libxt_helper.t)', () => {
  it('saves the helper name', () => {
    expect(saved(helperMatch, '--helper ftp')).toBe('--helper ftp');
    expect(saved(helperMatch, '! --helper ftp-2121')).toBe('! --helper ftp-2121');
  });

  it('refuses -m helper without --helper', () => {
    expect(parseWith(helperMatch, '').ok).toBe(false);
  });

  it('no connection has a helper in the lab: only ! --helper matches', () => {
    expect(evaluateWith(helperMatch, '--helper ftp').matched).toBe(false);
    expect(evaluateWith(helperMatch, '! --helper ftp').matched).toBe(true);
  });
});
