import { describe, expect, it } from 'vitest';
import { rpfilterMatch } from './rpfilter.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';
import { ip, testHost } from './util/testContext.ts';

describe('rpfilter: parse and save (libxt_rpfilter.t)', () => {
  it.each(['', '--loose --validmark --accept-local --invert'])('rpfilter "%s" saves unchanged', (text) => {
    expect(saved(rpfilterMatch, text, { table: 'mangle', chain: 'PREROUTING' })).toBe(text);
  });

  it('rpfilter is refused in the filter table and bound to PREROUTING', () => {
    expect(parseWith(rpfilterMatch, '', { table: 'filter', chain: 'INPUT' }).ok).toBe(false);
    expect(rpfilterMatch.hooks?.({ loose: false, validmark: false, acceptLocal: false, invert: false })).toEqual([
      'PREROUTING',
    ]);
  });
});

describe('rpfilter: the reverse-path check (kernel rpfilter_mt)', () => {
  const RAW = { table: 'raw' as const, chain: 'PREROUTING' };
  const check = (text: string, src: string, inIface: string, host = testHost()) =>
    evaluateWith(rpfilterMatch, text, { pkt: { src: ip(src) }, inIface, host }, RAW);

  it('passes a source whose route back leaves through the incoming interface', () => {
    expect(check('', '10.0.1.2', 'eth0').matched).toBe(true);
    expect(check('', '8.8.8.8', 'eth1').matched).toBe(true);
  });

  it('fails a spoofed source: 10.0.1.2 belongs behind eth0, not eth1', () => {
    const r = check('', '10.0.1.2', 'eth1');
    expect(r.matched).toBe(false);
    expect(r.explain[0]?.id).toBe('match.rpfilter.other-iface');
  });

  it('--invert matches the failures (firewalld drops them with -m rpfilter --invert -j DROP)', () => {
    expect(check('--invert', '10.0.1.2', 'eth1').matched).toBe(true);
  });

  it('--loose accepts any interface with a route back', () => {
    expect(check('--loose', '10.0.1.2', 'eth1').matched).toBe(true);
    expect(check('--loose', '8.8.8.8', 'eth0', testHost({ defaultDev: null })).matched).toBe(false);
  });

  it('a packet claiming one of our own addresses fails unless --accept-local', () => {
    expect(check('', '10.0.1.1', 'eth0').matched).toBe(false);
    expect(check('--accept-local', '10.0.1.1', 'eth0').matched).toBe(true);
  });

  it('lo and 0.0.0.0 to broadcast always pass', () => {
    expect(check('', '10.0.1.2', 'lo').matched).toBe(true);
    const dhcp = evaluateWith(rpfilterMatch, '', { pkt: { src: 0, dst: ip('255.255.255.255') }, inIface: 'eth1' }, RAW);
    expect(dhcp.matched).toBe(true);
  });

  it('is not simulated when the host cannot look routes up', () => {
    expect(check('', '10.0.1.2', 'eth0', testHost({ routing: false })).explain[0]?.id).toBe('match.not-simulated');
  });
});
