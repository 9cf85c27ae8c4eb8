import { describe, expect, it } from 'vitest';
import { rpfilterMatch } from './rpfilter.ts';
import { sctpMatch } from './sctp.ts';
import { socketMatch } from './socket.ts';
import { tcpmssMatch } from './tcpmss.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';
import { ip, testHost } from './util/testContext.ts';

const SCTP = { proto: 132 };

describe('sctp (libxt_sctp.t)', () => {
  it.each([
    '--sport 1',
    '--sport 1:65535',
    '--dport 65535',
    '--chunk-types all DATA',
    '--chunk-types all I_FORWARD_TSN',
  ])('%s saves unchanged', (text) => {
    expect(saved(sctpMatch, text, SCTP)).toBe(text);
  });

  it('orders chunks by type and normalises flags', () => {
    expect(saved(sctpMatch, '! --chunk-types any init,data:iE', SCTP)).toBe('! --chunk-types any DATA:iE,INIT');
  });

  it.each(['--sport -1', '--sport 65536', '--dport -1', '--chunk-types all BOGUS', '--chunk-types some DATA'])(
    'refuses "%s"',
    (text) => {
      expect(parseWith(sctpMatch, text, SCTP).ok).toBe(false);
    },
  );

  it('needs -p sctp', () => {
    expect(parseWith(sctpMatch, '--dport 1', { proto: 6 }).ok).toBe(false);
  });

  it('ports are simulated, chunk types are not', () => {
    expect(evaluateWith(sctpMatch, '--dport 3868', { pkt: { proto: 132, dport: 3868 } }, SCTP).matched).toBe(true);
    expect(evaluateWith(sctpMatch, '--dport 3868', { pkt: { proto: 132, dport: 80 } }, SCTP).matched).toBe(false);
    const r = evaluateWith(sctpMatch, '--chunk-types all INIT', { pkt: { proto: 132 } }, SCTP);
    expect(r.explain.map((e) => e.id)).toEqual(['match.sctp.chunks-not-simulated']);
  });
});

describe('tcpmss (libxt_tcpmss.t)', () => {
  const TCP = { proto: 6 };
  it.each([
    ['--mss 42', '--mss 42'],
    ['--mss :', '--mss 0:65535'],
    ['--mss :42', '--mss 0:42'],
    ['--mss 42:', '--mss 42:65535'],
    ['--mss 42:42', '--mss 42'],
    ['--mss 42:12345', '--mss 42:12345'],
  ])('%s saves as %s', (text, want) => {
    expect(saved(tcpmssMatch, text, TCP)).toBe(want);
  });

  it('refuses out-of-range values and a missing -p tcp', () => {
    expect(parseWith(tcpmssMatch, '--mss 42:65536', TCP).ok).toBe(false);
    expect(parseWith(tcpmssMatch, '--mss 65535:1000', TCP).ok).toBe(false);
    expect(parseWith(tcpmssMatch, '--mss 42', {}).ok).toBe(false);
  });

  it('a segment without the MSS option matches only ! --mss (kernel: returns the invert flag)', () => {
    expect(evaluateWith(tcpmssMatch, '--mss 1000:1500', { pkt: { tcpOptions: [] } }, TCP).matched).toBe(false);
    expect(evaluateWith(tcpmssMatch, '! --mss 1000:1500', { pkt: { tcpOptions: [] } }, TCP).matched).toBe(true);
  });
});

describe('socket (libxt_socket.t) and rpfilter (libxt_rpfilter.t)', () => {
  it.each([
    '',
    '--transparent --nowildcard',
    '--transparent --nowildcard --restore-skmark',
    '--transparent --restore-skmark',
    '--nowildcard --restore-skmark',
    '--restore-skmark',
  ])('socket "%s" saves unchanged', (text) => {
    expect(saved(socketMatch, text, { table: 'mangle', chain: 'PREROUTING' })).toBe(text);
  });

  it('socket is refused in OUTPUT', () => {
    expect(parseWith(socketMatch, '', { table: 'mangle', chain: 'OUTPUT' }).ok).toBe(false);
  });

  it.each(['', '--loose --validmark --accept-local --invert'])('rpfilter "%s" saves unchanged', (text) => {
    expect(saved(rpfilterMatch, text, { table: 'mangle', chain: 'PREROUTING' })).toBe(text);
  });

  it('rpfilter is refused in the filter table and bound to PREROUTING', () => {
    expect(parseWith(rpfilterMatch, '', { table: 'filter', chain: 'INPUT' }).ok).toBe(false);
    expect(rpfilterMatch.hooks?.({ loose: false, validmark: false, acceptLocal: false, invert: false })).toEqual([
      'PREROUTING',
    ]);
  });

  it('socket is not simulated', () => {
    expect(socketMatch.simulated).toBe(false);
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
