import { describe, expect, it } from 'vitest';
import { addrtypeMatch } from './addrtype.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';
import { ip } from './util/testContext.ts';

describe('addrtype: parse and save (libxt_addrtype.t)', () => {
  it.each([
    ['--src-type UNSPEC', '--src-type UNSPEC'],
    ['--src-type LOCAL --dst-type LOCAL', '--src-type LOCAL --dst-type LOCAL'],
    ['--dst-type local,unicast', '--dst-type UNICAST,LOCAL'],
    ['! --dst-type LOCAL', '! --dst-type LOCAL'],
    ['--src-type LOCAL --limit-iface-in', '--src-type LOCAL --limit-iface-in'],
  ])('%s saves as "%s"', (text, want) => {
    expect(saved(addrtypeMatch, text)).toBe(want);
  });

  it.each([
    '',
    '--src-type wrong',
    '--limit-iface-in',
    '--limit-iface-out',
    '--src-type LOCAL --limit-iface-in --limit-iface-out',
  ])('refuses "%s"', (text) => {
    expect(parseWith(addrtypeMatch, text).ok).toBe(false);
  });

  it('refuses --limit-iface-in in OUTPUT and --limit-iface-out in INPUT (kernel checkentry)', () => {
    expect(parseWith(addrtypeMatch, '--dst-type LOCAL --limit-iface-in', { chain: 'OUTPUT' }).ok).toBe(false);
    expect(parseWith(addrtypeMatch, '--dst-type LOCAL --limit-iface-out', { chain: 'INPUT' }).ok).toBe(false);
    expect(parseWith(addrtypeMatch, '--dst-type LOCAL --limit-iface-out', { chain: 'OUTPUT' }).ok).toBe(true);
  });

  it('tells the parser which hooks a user chain holding it may be reached from', () => {
    const r = parseWith(addrtypeMatch, '--dst-type LOCAL --limit-iface-in', { chain: 'MYCHAIN' });
    expect(r.ok).toBe(true);
    if (r.ok) expect(addrtypeMatch.hooks?.(r.data)).toEqual(['PREROUTING', 'INPUT', 'FORWARD']);
  });
});

describe('addrtype: evaluate', () => {
  it('--dst-type LOCAL matches a packet to one of the host addresses (kube-proxy NodePorts)', () => {
    expect(evaluateWith(addrtypeMatch, '--dst-type LOCAL', { pkt: { dst: ip('10.0.2.1') } }).matched).toBe(true);
    expect(evaluateWith(addrtypeMatch, '--dst-type LOCAL', { pkt: { dst: ip('8.8.8.8') } }).matched).toBe(false);
  });

  it('--limit-iface-in: an address of another interface is not LOCAL (as the kernel did in case f15)', () => {
    const pkt = { dst: ip('10.0.2.1') };
    expect(evaluateWith(addrtypeMatch, '--dst-type LOCAL --limit-iface-in', { pkt, inIface: 'eth0' }).matched).toBe(
      false,
    );
    expect(evaluateWith(addrtypeMatch, '--dst-type LOCAL --limit-iface-in', { pkt, inIface: 'eth1' }).matched).toBe(
      true,
    );
  });

  it('! --src-type LOCAL matches a packet from elsewhere', () => {
    expect(evaluateWith(addrtypeMatch, '! --src-type LOCAL', { pkt: { src: ip('192.0.2.9') } }).matched).toBe(true);
  });

  it('both tests must pass', () => {
    const pkt = { src: ip('10.0.1.1'), dst: ip('224.0.0.1') };
    expect(evaluateWith(addrtypeMatch, '--src-type LOCAL --dst-type MULTICAST', { pkt }).matched).toBe(true);
    expect(evaluateWith(addrtypeMatch, '--src-type LOCAL --dst-type UNICAST', { pkt }).matched).toBe(false);
  });
});
